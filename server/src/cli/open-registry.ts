/**
 * The registry database a CLI command works on, always named on stderr. With DATA_DIR (or a config
 * file) the command may create it, as the server would, and says so. Without either it uses
 * `./data/registry.sqlite` only when that exists: a token written into a new database in whatever
 * folder the command ran from would be silently useless to the real server. With DATABASE_URL (or
 * `database.url`) the command works on that PostgreSQL database.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../config.ts';
import { DATABASE_FILE } from '../db/open-database.ts';
import { openSqlClient, type DatabaseTarget } from '../db/open-sql-client.ts';
import { describePostgresUrl } from '../db/postgres-client.ts';
import type { SqlClient } from '../db/sql-client.ts';
import type { CliIo } from './io.ts';

/** The registry database a command works on; refuses a missing one unless DATA_DIR or a config file names the folder. */
export function registryFile(io: CliIo): { file: string; exists: boolean } {
  const config = loadConfig(io.env, io.cwd);
  const file = join(config.dataDir, DATABASE_FILE);
  const explicit = Boolean(io.env.DATA_DIR || io.env.SERVER_CONFIG);
  const exists = existsSync(file);
  if (!exists && !explicit) {
    throw new StationError(
      'CONFIG_INVALID',
      `DATA_DIR nu este setat și în dosarul curent nu există baza de date a registraturii (${file}). `
        + 'Setați DATA_DIR la dosarul de date al serverului (același ca la pornirea lui), de exemplu: '
        + 'DATA_DIR=/var/lib/scan-station npx server station add <nume>.',
      { file },
    );
  }
  return { file, exists };
}

/** PostgreSQL when the configuration names it, else the SQLite file (see registryFile); named on stderr. */
export function registryTarget(io: CliIo): DatabaseTarget {
  const { databaseUrl } = loadConfig(io.env, io.cwd);
  if (databaseUrl) {
    io.err(`Baza de date: ${describePostgresUrl(databaseUrl)} (PostgreSQL).`);
    return { engine: 'postgres', url: databaseUrl };
  }
  const { file, exists } = registryFile(io);
  io.err(exists ? `Baza de date: ${file}.` : `Baza de date: ${file} (nu exista; a fost creată acum).`);
  return { engine: 'sqlite', file };
}

export function openRegistryForCli(io: CliIo): Promise<SqlClient> {
  return openSqlClient(registryTarget(io));
}
