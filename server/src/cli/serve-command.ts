/** `server serve`: runs until SIGTERM/SIGINT; resolves with the exit code. */
import { StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import { createUserRepository } from '../repositories/user-repository.ts';
import type { CliIo } from './io.ts';

export async function serveCommand(io: CliIo): Promise<number> {
  const config = loadConfig(io.env, io.cwd);
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new StationError('CONFIG_INVALID', `Serverul nu poate asculta la ${config.host}:${config.port} (${code}): portul este ocupat sau adresa nu este disponibilă.`, { code }, { cause: err });
    }
    throw err;
  }
  if (!config.adminToken) {
    io.err(`Tokenul de administrare este în fișierul ${config.dataDir}/admin-token (sau setați ADMIN_TOKEN).`);
  }
  io.err(`Serverul registraturii ascultă la ${running.url} (date în ${running.app.sql.location}).`);
  if (await createUserRepository(running.app.sql).activeCount() === 0) {
    io.err('Nu există încă niciun utilizator al aplicației web. Creați primul administrator cu:');
    io.err('  npx server user add <nume> --role admin');
    io.err(`apoi deschideți ${running.url}/ în browser.`);
  }
  await running.closed;
  io.err('Serverul s-a oprit.');
  return 0;
}
