/**
 * `server db migrate` (the numbered migrations, also run on every start, applied now and named),
 * `server db copy --from <registry.sqlite> --to <postgres url>` (an office's registry moved into an
 * empty PostgreSQL database, verified) and `server backup --out <file>` (a verified online copy of
 * the registry, safe while the server runs).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { countRo, takesDe } from '../../../shared/src/count-ro.ts';
import { backupDatabase } from '../db/backup-database.ts';
import { loadMigrations } from '../db/migrate.ts';
import { describePostgresUrl } from '../db/postgres-client.ts';
import { copySqliteToPostgres } from '../services/copy-database.ts';
import type { CliIo } from './io.ts';
import { registryFile, registryTarget } from './open-registry.ts';
import { loadPostgresMigrations } from '../db/migrate-postgres.ts';
import { connectSqlClient, migrateClient } from '../db/open-sql-client.ts';

export const DB_USAGE = [
  '  server db migrate                     aduce schema bazei de date la zi (se face și la fiecare pornire)',
  '  server db copy --from <registry.sqlite> --to <postgres://…>',
  '                                        copiază registrul SQLite într-o bază de date PostgreSQL goală și verifică copia',
  '  server backup --out <fișier>          copie de siguranță verificată a bazei de date, și cu serverul pornit',
];

/** SQLite or PostgreSQL, whichever the configuration names (the same as the server would open). */
export async function dbMigrate(io: CliIo): Promise<number> {
  const target = registryTarget(io);
  const migrations = target.engine === 'postgres' ? loadPostgresMigrations() : loadMigrations();
  const db = await connectSqlClient(target);
  try {
    const applied = await migrateClient(db);
    const version = Math.max(0, ...migrations.map((m) => m.version));
    if (applied.length === 0) {
      io.out(`Baza de date este deja la zi (schema versiunea ${version}).`);
      return 0;
    }
    io.out(applied.length === 1 ? 'A fost aplicată migrarea:' : `Au fost aplicate ${countRo(applied.length, 'migrare', 'migrări')}:`);
    for (const m of migrations.filter((x) => applied.includes(x.version))) io.out(`  ${m.name}`);
    io.out(`Baza de date este acum la schema versiunea ${version}.`);
    return 0;
  } finally {
    await db.close();
  }
}

const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toLocaleString('ro-RO', { maximumFractionDigits: 1 });

export async function backupCommand(io: CliIo, args: string[]): Promise<number> {
  if (args.length !== 2 || args[0] !== '--out' || !args[1]) {
    throw new StationError('USAGE', 'Indicați fișierul copiei: server backup --out <fișier>');
  }
  const { file } = registryFile(io);
  if (!existsSync(file)) throw new StationError('INPUT_NOT_FOUND', `Baza de date ${file} nu există: nu există nimic de copiat.`, { file });
  io.err(`Baza de date: ${file}.`);
  const result = await backupDatabase(file, resolve(io.cwd, args[1]));
  io.out(`Copia de siguranță a fost scrisă: ${result.file} (${megabytes(result.bytes)} MB, schema versiunea ${result.schemaVersion}).`);
  io.out(`Verificată: integritate în regulă; rânduri: ${result.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}.`);
  io.out('Restaurare: opriți serverul, puneți copia ca registry.sqlite în dosarul de date (DATA_DIR), '
    + 'după ce ați mutat deoparte registry.sqlite, registry.sqlite-wal și registry.sqlite-shm vechi, apoi porniți serverul.');
  return 0;
}

const COPY_EXAMPLE = 'server db copy --from /var/lib/scan-station/registry.sqlite --to postgres://registratura@localhost/registratura';
const count = (n: number): string => n.toLocaleString('ro-RO');

/** `--from <file> --to <url>`, in either order, nothing else. */
function copyArgs(args: string[]): { from: string; to: string } {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]];
    if ((flag !== '--from' && flag !== '--to') || flag in values || value === undefined || value.startsWith('--') || value === '') {
      throw new StationError('USAGE', `Indicați sursa și destinația o singură dată, de exemplu: ${COPY_EXAMPLE}`);
    }
    values[flag] = value;
  }
  if (!values['--from'] || !values['--to']) throw new StationError('USAGE', `Lipsește ${values['--from'] ? '--to' : '--from'}; de exemplu: ${COPY_EXAMPLE}`);
  if (!/^postgres(ql)?:\/\//i.test(values['--to'])) {
    throw new StationError('USAGE', `--to trebuie să fie adresa unei baze de date PostgreSQL (postgres://utilizator@gazdă/bază), nu ${values['--to'].slice(0, 40)}; de exemplu: ${COPY_EXAMPLE}`);
  }
  return { from: values['--from'], to: values['--to'] };
}

export async function dbCopy(io: CliIo, args: string[]): Promise<number> {
  const { from, to } = copyArgs(args);
  const source = resolve(io.cwd, from);
  io.err(`Sursa: ${source}. Destinația: ${describePostgresUrl(to)}.`);
  const result = await copySqliteToPostgres(source, to, (t) => io.err(`  ${t.table}: ${count(t.rows)} rânduri copiate`));
  io.out(`Registrul a fost copiat în ${result.target} (schema versiunea ${result.schemaVersion}).`);
  io.out(`Rânduri: ${result.tables.map((t) => `${t.table} ${count(t.rows)}`).join(', ')}.`);
  io.out(`Verificat: fiecare tabelă are în copie același număr de rânduri ca în sursă, iar SHA-256 al `
    + `${result.documents === 1 ? 'documentului este același' : `celor ${count(result.documents)}${takesDe(result.documents) ? ' de' : ''} documente este același`}.`);
  io.out('Fișierul SQLite nu a fost modificat. Porniți serverul pe PostgreSQL cu DATABASE_URL=<adresa> '
    + '(sau „database.url” în fișierul de configurare).');
  return 0;
}
