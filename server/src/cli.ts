/**
 * The registry server's command line: `serve` (default), `station add <name>`, `station list`,
 * `user …`, `db migrate`, `db copy --from <file> --to <url>`, `backup --out <file>`.
 * Returns the process exit code: 0 ok, 1 failure, 2 wrong usage.
 */
import { isStationError } from '../../shared/src/errors.ts';
import { backupCommand, DB_USAGE, dbCopy, dbMigrate } from './cli/db-command.ts';
import { processIo, type CliIo } from './cli/io.ts';
import { serveCommand } from './cli/serve-command.ts';
import { stationAdd, stationList } from './cli/station-command.ts';
import { USER_USAGE, userCommand } from './cli/user-command.ts';

const USAGE = [
  'Utilizare:',
  '  server [serve]               pornește serverul (PORT, HOST, DATA_DIR, ADMIN_TOKEN, SERVER_CONFIG)',
  '  server station add <nume>    creează o stație și îi afișează tokenul o singură dată',
  '  server station list          afișează stațiile',
  ...USER_USAGE,
  ...DB_USAGE,
].join('\n');

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  try {
    if (command === 'serve' && rest.length === 0) return await serveCommand(io);
    if (command === 'station' && rest[0] === 'add' && rest.length === 2) return await stationAdd(io, rest[1]!);
    if (command === 'station' && rest[0] === 'list' && rest.length === 1) return await stationList(io);
    if (command === 'user' && rest.length > 0) return await userCommand(io, rest);
    if (command === 'db' && rest[0] === 'migrate' && rest.length === 1) return await dbMigrate(io);
    if (command === 'db' && rest[0] === 'copy') return await dbCopy(io, rest.slice(1));
    if (command === 'backup') return await backupCommand(io, rest);
    if (command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return 0;
    }
    io.err(`Comandă necunoscută: ${argv.join(' ')}`);
    io.err(USAGE);
    return 2;
  } catch (err) {
    if (isStationError(err)) {
      io.err(`Eroare: ${err.message}`);
      return err.code === 'USAGE' ? 2 : 1;
    }
    io.err(`Eroare neașteptată: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
