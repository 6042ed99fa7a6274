/** Stations and their token hashes. */
import type { Database } from 'better-sqlite3';
import type { StationSummary } from '../../../shared/src/schemas/stations.ts';
import { StationError } from '../../../shared/src/errors.ts';

export interface StationRecord {
  id: number;
  name: string;
  tokenHash: string;
  createdAt: string;
}

export type StationRepository = ReturnType<typeof createStationRepository>;

export function createStationRepository(db: Database) {
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO stations (name, token_hash, created_at) VALUES (?, ?, ?) RETURNING id',
  );
  const byName = db.prepare<[string], StationRecord>(
    'SELECT id, name, token_hash AS tokenHash, created_at AS createdAt FROM stations WHERE name = ?',
  );
  const byTokenHash = db.prepare<[string], StationRecord>(
    'SELECT id, name, token_hash AS tokenHash, created_at AS createdAt FROM stations WHERE token_hash = ?',
  );
  const summaries = db.prepare<{ since: string }, StationSummary>(`
    SELECT s.name, s.created_at AS createdAt, COUNT(b.id) AS batches, MAX(b.received_at) AS lastBatchAt,
           COUNT(CASE WHEN b.received_at >= @since THEN 1 END) AS batchesLast7Days, s.revoked_at AS revokedAt
      FROM stations s LEFT JOIN batches b ON b.station_id = s.id
     GROUP BY s.id ORDER BY s.name`);
  const setToken = db.prepare<[string, string | null, number]>('UPDATE stations SET token_hash = ?, revoked_at = ? WHERE id = ?');

  return {
    /** Throws CONFLICT when a station with this name exists. */
    create(name: string, tokenHash: string, createdAt: string): StationRecord {
      return db.transaction(() => {
        if (byName.get(name)) {
          throw new StationError('CONFLICT', `Stația „${name}” există deja.`, { station: name });
        }
        const { id } = insert.get(name, tokenHash, createdAt) as { id: number };
        return { id, name, tokenHash, createdAt };
      }).immediate();
    },
    findByName(name: string): StationRecord | undefined {
      return byName.get(name);
    },
    findByTokenHash(tokenHash: string): StationRecord | undefined {
      return byTokenHash.get(tokenHash);
    },
    list(now: Date = new Date()): StationSummary[] {
      return summaries.all({ since: new Date(now.getTime() - 7 * 86_400_000).toISOString() });
    },
    /** A new token hash (rotation, which also lifts a revocation); `revokedAt` set revokes. */
    setToken(id: number, tokenHash: string, revokedAt: string | null): void {
      setToken.run(tokenHash, revokedAt, id);
    },
  };
}
