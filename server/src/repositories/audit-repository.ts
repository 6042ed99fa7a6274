/** The append-only audit log (the database refuses UPDATE and DELETE on it). */
import type { SqlClient } from '../db/sql-client.ts';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  address: string | null;
  details: Record<string, unknown>;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at' | 'target' | 'address' | 'details'>
  & Partial<Pick<AuditEntry, 'target' | 'address' | 'details'>>;

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function createAuditRepository(db: SqlClient, now: () => Date = () => new Date()) {
  return {
    async append(entry: AuditInput): Promise<void> {
      await db.run('INSERT INTO audit_log (at, actor, action, target, address, details) VALUES (?, ?, ?, ?, ?, ?)', [
        now().toISOString(), entry.actor, entry.action, entry.target ?? null, entry.address ?? null, JSON.stringify(entry.details ?? {}),
      ]);
    },
    /**
     * Whether the user named `userName` logged in from `address` since `since` (an address the user is
     * known at). `userName` is the name as stored in users: a login's entry names the user so.
     */
    async loggedInFrom(userName: string, address: string, since: string): Promise<boolean> {
      const row = await db.get(`SELECT 1 AS "known" FROM audit_log
        WHERE action = 'login' AND target = ? AND address = ? AND at >= ? LIMIT 1`, [userName, address, since]);
      return row !== undefined;
    },
    /** Newest first; `before` is an id (exclusive) for paging. */
    async list(limit: number, before: number = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
      const rows = await db.all<Omit<AuditEntry, 'details'> & { details: string }>(
        'SELECT id, at, actor, action, target, address, details FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?', [before, limit]);
      return rows.map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
    },
  };
}
