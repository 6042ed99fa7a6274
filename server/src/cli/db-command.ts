/**
 * `server db migrate` (the numbered migrations, also run on every start, applied now and named) and
 * `server backup --out <file>` (a verified online copy of the registry, safe while the server runs).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { backupDatabase } from '../db/backup-database.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { connectDatabase } from '../db/open-database.ts';
import type { CliIo } from './io.ts';
import { registryFile } from './open-registry.ts';

export const DB_USAGE = [
  '  server db migrate                     aduce schema bazei de date la zi (se face și la fiecare pornire)',
  '  server backup --out <fișier>          copie de siguranță verificată a bazei de date, și cu serverul pornit',
];

/** Romanian says „20 de migrări”, „2 migrări”, „101 migrări”. */
const withDe = (n: number): boolean => n % 100 === 0 || n % 100 >= 20;

export function dbMigrate(io: CliIo): number {
  const { file, exists } = registryFile(io);
  io.err(exists ? `Baza de date: ${file}.` : `Baza de date: ${file} (nu exista; a fost creată acum).`);
  const migrations = loadMigrations();
  const db = connectDatabase(file);
  try {
    const applied = migrate(db, migrations);
    const version = Math.max(0, ...migrations.map((m) => m.version));
    if (applied.length === 0) {
      io.out(`Baza de date este deja la zi (schema versiunea ${version}).`);
      return 0;
    }
    io.out(applied.length === 1 ? 'A fost aplicată migrarea:' : `Au fost aplicate ${applied.length}${withDe(applied.length) ? ' de' : ''} migrări:`);
    for (const m of migrations.filter((x) => applied.includes(x.version))) io.out(`  ${m.name}`);
    io.out(`Baza de date este acum la schema versiunea ${version}.`);
    return 0;
  } finally {
    db.close();
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
