/** `server serve`: runs until SIGTERM/SIGINT; resolves with the exit code. */
import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import type { CliIo } from './io.ts';

export async function serveCommand(io: CliIo): Promise<number> {
  const config = loadConfig(io.env, io.cwd);
  const running = await startServer(config);
  if (!config.adminToken) {
    io.err(`Tokenul de administrare este în fișierul ${config.dataDir}/admin-token (sau setați ADMIN_TOKEN).`);
  }
  io.err(`Serverul registraturii ascultă la ${running.url} (date în ${config.dataDir}).`);
  await running.closed;
  io.err('Serverul s-a oprit.');
  return 0;
}
