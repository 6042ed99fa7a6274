/** The append-only audit log (the database refuses UPDATE and DELETE on it). */
import type { Database } from 'better-sqlite3';

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

export function createAuditRepository(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare<[string, string, string, string | null, string | null, string]>(
    'INSERT INTO audit_log (at, actor, action, target, address, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const page = db.prepare<[number, number], Omit<AuditEntry, 'details'> & { details: string }>(
    'SELECT id, at, actor, action, target, address, details FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
  );
  return {
    append(entry: AuditInput): void {
      insert.run(now().toISOString(), entry.actor, entry.action, entry.target ?? null, entry.address ?? null,
        JSON.stringify(entry.details ?? {}));
    },
    /** Newest first; `before` is an id (exclusive) for paging. */
    list(limit: number, before: number = Number.MAX_SAFE_INTEGER): AuditEntry[] {
      return page.all(before, limit).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));
    },
  };
}
