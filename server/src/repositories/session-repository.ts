/** Web sessions (stored as SHA-256 of the cookie value) and failed logins, both in the database. */
import type { Database } from 'better-sqlite3';

export interface SessionRecord {
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;

export function createSessionRepository(db: Database) {
  const insert = db.prepare<[string, number, string, string, string, string]>(
    'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, address) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byHash = db.prepare<[string], SessionRecord>(`SELECT id_hash AS idHash, user_id AS userId, csrf_token AS csrfToken,
    created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?`);
  const touch = db.prepare<[string, string]>('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE id_hash = ?');
  const removeExpired = db.prepare<[string, string]>('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?');
  const addFailure = db.prepare<[string, string, string]>('INSERT INTO login_failures (user_name, address, at) VALUES (?, ?, ?)');
  const userFailures = db.prepare<[string, string], { n: number; last: string | null }>(
    'SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE user_name = ? AND at >= ?');
  const addressFailures = db.prepare<[string, string], { n: number; last: string | null }>(
    'SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE address = ? AND at >= ?');
  const clearUserFailures = db.prepare<[string]>('DELETE FROM login_failures WHERE user_name = ?');
  const pruneFailures = db.prepare<[string]>('DELETE FROM login_failures WHERE at < ?');

  return {
    create(session: SessionRecord, address: string): void {
      insert.run(session.idHash, session.userId, session.csrfToken, session.createdAt, session.lastSeenAt, address);
    },
    find(idHash: string): SessionRecord | undefined {
      return byHash.get(idHash);
    },
    touch(idHash: string, now: string): void {
      touch.run(now, idHash);
    },
    remove(idHash: string): void {
      remove.run(idHash);
    },
    /** Ends sessions idle since before `idleBefore` or created before `createdBefore`. */
    removeExpired(idleBefore: string, createdBefore: string): void {
      removeExpired.run(idleBefore, createdBefore);
    },
    recordFailure(userName: string, address: string, at: string): void {
      addFailure.run(userName, address, at);
    },
    failuresForUser(userName: string, since: string): { n: number; last: string | null } {
      return userFailures.get(userName, since)!;
    },
    failuresForAddress(address: string, since: string): { n: number; last: string | null } {
      return addressFailures.get(address, since)!;
    },
    clearFailuresForUser(userName: string): void {
      clearUserFailures.run(userName);
    },
    pruneFailures(before: string): void {
      pruneFailures.run(before);
    },
  };
}
