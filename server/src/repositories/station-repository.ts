/** Stations and their token hashes. */
import type { SqlClient } from '../db/sql-client.ts';
import type { StationSummary } from '../../../shared/src/schemas/stations.ts';
import { StationError } from '../../../shared/src/errors.ts';

export interface StationRecord {
  id: number;
  name: string;
  tokenHash: string;
  createdAt: string;
}

export type StationRepository = ReturnType<typeof createStationRepository>;

const COLUMNS = 'id, name, token_hash AS "tokenHash", created_at AS "createdAt"';

export function createStationRepository(db: SqlClient) {
  const exists = (name: string): StationError => new StationError('CONFLICT', `Stația „${name}” există deja.`, { station: name });
  return {
    /** Throws CONFLICT when a station with this name exists (also when another instance adds it at the same moment). */
    async create(name: string, tokenHash: string, createdAt: string): Promise<StationRecord> {
      const { rows } = await db.run(
        'INSERT INTO stations (name, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING id',
        [name, tokenHash, createdAt]);
      const id = rows[0]?.id;
      if (id === undefined) throw exists(name);
      return { id: Number(id), name, tokenHash, createdAt };
    },
    findByName(name: string): Promise<StationRecord | undefined> {
      return db.get(`SELECT ${COLUMNS} FROM stations WHERE name = ?`, [name]);
    },
    findByTokenHash(tokenHash: string): Promise<StationRecord | undefined> {
      return db.get(`SELECT ${COLUMNS} FROM stations WHERE token_hash = ?`, [tokenHash]);
    },
    list(now: Date = new Date()): Promise<StationSummary[]> {
      const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
      return db.all(`
        SELECT s.name, s.created_at AS "createdAt", COUNT(b.id) AS batches, MAX(b.received_at) AS "lastBatchAt",
               COUNT(CASE WHEN b.received_at >= ? THEN 1 END) AS "batchesLast7Days", s.revoked_at AS "revokedAt"
          FROM stations s LEFT JOIN batches b ON b.station_id = s.id
         GROUP BY s.id ORDER BY s.name`, [since]);
    },
    /** A new token hash (rotation, which also lifts a revocation); `revokedAt` set revokes. */
    async setToken(id: number, tokenHash: string, revokedAt: string | null): Promise<void> {
      await db.run('UPDATE stations SET token_hash = ?, revoked_at = ? WHERE id = ?', [tokenHash, revokedAt, id]);
    },
  };
}
