/**
 * The station's name as the registry knows it, fixed once in the journal: at the first start with a
 * configured name (or the first report after it). A different name in the configuration later is a
 * conflict the clerk resolves explicitly (`station outbox readdress`), never a silent change.
 */
import type { JournalDb } from './open-journal.ts';

export interface FixedIdentity {
  name: string;
  fixedAt: string;
}

export interface ResolvedIdentity {
  /** The name reports go out under; null while no name was ever configured. */
  name: string | null;
  fixedAt: string | null;
  /** The configuration names another station than the one fixed in the journal. */
  conflict: { recorded: string; configured: string } | null;
}

export function createStationIdentity(db: JournalDb) {
  const select = db.prepare('SELECT name, fixed_at AS fixedAt FROM station_identity WHERE id = 1');
  const insert = db.prepare('INSERT INTO station_identity (id, name, fixed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING');
  const replace = db.prepare('INSERT INTO station_identity (id, name, fixed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, fixed_at = excluded.fixed_at');
  return {
    get(): FixedIdentity | null {
      return (select.get() as FixedIdentity | undefined) ?? null;
    },
    /** Fixes the name unless one is already fixed; returns what is fixed now. */
    resolve(configured: string | null | undefined): ResolvedIdentity {
      const wanted = configured?.trim() || null;
      if (wanted) insert.run(wanted, new Date().toISOString());
      const fixed = this.get();
      if (!fixed) return { name: null, fixedAt: null, conflict: null };
      const conflict = wanted && wanted !== fixed.name ? { recorded: fixed.name, configured: wanted } : null;
      return { name: fixed.name, fixedAt: fixed.fixedAt, conflict };
    },
    /** An explicit change of name (the clerk re-addresses the station). */
    change(name: string): void {
      replace.run(name, new Date().toISOString());
    },
  };
}

export type StationIdentity = ReturnType<typeof createStationIdentity>;
