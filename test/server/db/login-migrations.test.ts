/**
 * The login migrations on both engines, applied to a registry at the version before them:
 * 012 (user names folded alike: «Ștefan» is «ștefan»), 013 (the audit log's logins indexed for the
 * known-address check, and the check's query searching by it, not scanning the log).
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../server/src/db/migrate.ts';
import { loadPostgresMigrations, migratePostgres } from '../../../server/src/db/migrate-postgres.ts';
import { connectDatabase } from '../../../server/src/db/open-database.ts';
import { connectSqlClient } from '../../../server/src/db/open-sql-client.ts';
import { createAuditRepository } from '../../../server/src/repositories/audit-repository.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { createSqliteClient } from '../../../server/src/db/sqlite-client.ts';
import { createTestDatabase, describeEngines, type TestEngine } from '../../support/postgres.ts';
import { tempDir } from '../helpers/test-app.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fresh registry of the engine migrated to `version`, and a function applying the versions after it (returns those applied). */
async function registryAt(engine: TestEngine, version: number): Promise<{ db: SqlClient; migrateRest: () => Promise<number[]> }> {
  if (engine === 'sqlite') {
    const raw = connectDatabase(join(tempDir(), 'registry.sqlite'));
    migrate(raw, loadMigrations().slice(0, version));
    const db = createSqliteClient(raw);
    cleanups.push(() => db.close());
    return { db, migrateRest: async () => migrate(raw) };
  }
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const db = await connectSqlClient({ engine, url: database.url });
  cleanups.push(() => db.close());
  await migratePostgres(db, loadPostgresMigrations().slice(0, version));
  return { db, migrateRest: () => migratePostgres(db) };
}

describeEngines('login migrations', (engine) => {
  it('012 folds the failed logins stored before under one name, and refuses a second user whose name differs by a Romanian capital', async () => {
    const { db, migrateRest } = await registryAt(engine, 11);
    await db.run(`INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('Ștefan', 'raport', 'h', 'x', 'x')`);
    await db.run(`INSERT INTO login_failures (user_name, address, at) VALUES ('ȘTEFAN', '10.0.0.1', 'a'), ('Țugui', '10.0.0.2', 'b'), ('ana', '10.0.0.3', 'c')`);
    expect(await migrateRest()).toEqual(loadMigrations().slice(11).map((m) => m.version));
    expect((await db.all<{ name: string }>('SELECT user_name AS name FROM login_failures ORDER BY at')).map((r) => r.name)).toEqual(['ștefan', 'țugui', 'ana']);
    await expect(db.run(`INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ștefan', 'raport', 'h', 'x', 'x')`))
      .rejects.toThrow();
    await db.run(`INSERT INTO users (name, role, password_hash, created_at, password_changed_at) VALUES ('ștefana', 'raport', 'h', 'x', 'x')`);
  });
});

/** The plan of `sql` on `db`, as text (PostgreSQL: sequential scans off, so a usable index is used even on a small table). */
async function plan(db: SqlClient, sql: string, params: readonly unknown[]): Promise<string> {
  if (db.engine === 'sqlite') {
    return (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)).map((r) => r.detail).join('\n');
  }
  return db.transaction(async (tx) => {
    await tx.run('SET LOCAL enable_seqscan = off');
    return (await tx.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n');
  });
}

describeEngines('login migrations', (engine) => {
  it('013 indexes the logins of the audit log, and the known-address check searches that index', async () => {
    const { db, migrateRest } = await registryAt(engine, 12);
    await db.run(`INSERT INTO audit_log (at, actor, action, target, address) VALUES ('2021-09-27T08:00:00.000Z', 'user:ana', 'login', 'ana', '10.0.0.1')`);
    expect(await migrateRest()).toEqual(loadMigrations().slice(12).map((m) => m.version));
    // the statement the repository sends, caught on its way
    const sent: Array<{ sql: string; params: readonly unknown[] }> = [];
    const catching: SqlClient = { ...db, get: (sql, params) => (sent.push({ sql, params: params ?? [] }), db.get(sql, params)) };
    const audit = createAuditRepository(catching);
    expect(await audit.loggedInFrom('ana', '10.0.0.1', '2021-09-01T00:00:00.000Z')).toBe(true);
    expect(await audit.loggedInFrom('ana', '10.0.0.2', '2021-09-01T00:00:00.000Z')).toBe(false);
    expect(sent).toHaveLength(2);
    const shown = await plan(db, sent[0]!.sql, sent[0]!.params);
    expect(shown).toMatch(engine === 'sqlite' ? /SEARCH audit_log USING (COVERING )?INDEX audit_log_logins/ : /Index (Only )?Scan using audit_log_logins/);
    expect(shown).not.toMatch(/SCAN audit_log\b|Seq Scan/);
  });
});
