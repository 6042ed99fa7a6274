/**
 * Web sessions (stored as SHA-256 of the cookie value) and failed logins, both in the database, so
 * every server instance in front of one database sees the same sessions and the same lockouts.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { foldUserName } from './user-name-fold.ts';

export interface SessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;

/** How many counted failures make each lock (auth/login.ts LOGIN_LIMITS). */
interface FailureLimits {
  perUser: number;
  perAddress: number;
  perUserEverywhere: number;
}

/**
 * For each lock, the time of the failure that makes it (the `limit`-th newest since `since`), or
 * null when there are fewer: the lock lasts until that failure leaves the window.
 */
interface LockingFailures {
  /** Of the name, from every address. */
  user: string | null;
  /** Of the name, from this address. */
  userAtAddress: string | null;
  /** Of the address, under any name. */
  address: string | null;
}

export function createSessionRepository(db: SqlClient) {
  // Failures are stored under the folded name (user-name-fold.ts), so a name compares as stored, by its index.
  const sameUser = 'user_name = ?';
  return {
    async create(session: SessionRecord, address: string): Promise<void> {
      await db.run('INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?)',
        [session.idHash, session.userId, session.csrfToken, session.createdAt, session.lastSeenAt, address]);
    },
    find(idHash: string): Promise<SessionRecord | undefined> {
      return db.get(`SELECT id_hash AS "idHash", user_id AS "userId", csrf_token AS "csrfToken", created_at AS "createdAt",
        last_seen_at AS "lastSeenAt" FROM sessions WHERE id_hash = ?`, [idHash]);
    },
    async touch(idHash: string, now: string): Promise<void> {
      await db.run('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', [now, idHash]);
    },
    async remove(idHash: string): Promise<void> {
      await db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
    },
    /** Ends sessions idle since before `idleBefore` or created before `createdBefore`. */
    async removeExpired(idleBefore: string, createdBefore: string): Promise<void> {
      await db.run('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?', [idleBefore, createdBefore]);
    },
    /** Records an attempt as failed (before its password is checked); returns its id. */
    async recordFailure(userName: string, address: string, at: string): Promise<number> {
      const { rows } = await db.run('INSERT INTO login_failures (user_name, address, at) VALUES (?, ?, ?) RETURNING id', [foldUserName(userName), address, at]);
      return Number(rows[0]!.id);
    },
    async removeFailure(id: number): Promise<void> {
      await db.run('DELETE FROM login_failures WHERE id = ?', [id]);
    },
    /**
     * The failures since `since` other than the attempt `attempt` (its own row) that make each lock, in
     * one query (each part by its index): of the name from every address, of the name from this
     * address, and of the address under any name.
     */
    async lockingFailures(attempt: number, name: string, address: string, since: string, limits: FailureLimits): Promise<LockingFailures> {
      const userName = foldUserName(name);
      const nth = (where: string) => `(SELECT at FROM login_failures WHERE ${where} AND at >= ? AND id <> ? ORDER BY at DESC LIMIT 1 OFFSET ?)`;
      const row = (await db.get<LockingFailures>(`
        SELECT ${nth(sameUser)} AS "user", ${nth(`${sameUser} AND address = ?`)} AS "userAtAddress", ${nth('address = ?')} AS "address"`,
      [userName, since, attempt, limits.perUserEverywhere - 1,
        userName, address, since, attempt, limits.perUser - 1,
        address, since, attempt, limits.perAddress - 1]))!;
      return { user: row.user ?? null, userAtAddress: row.userAtAddress ?? null, address: row.address ?? null };
    },
    /** After a login: the name's failures from that address (the owner's own typos); those from elsewhere still count. */
    async clearFailuresForUserAt(userName: string, address: string): Promise<void> {
      await db.run(`DELETE FROM login_failures WHERE ${sameUser} AND address = ?`, [foldUserName(userName), address]);
    },
    async pruneFailures(before: string): Promise<void> {
      await db.run('DELETE FROM login_failures WHERE at < ?', [before]);
    },
  };
}
