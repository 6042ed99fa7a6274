/**
 * A batch's documents and a borderou's entries are written in multi-row statements of a few fixed row
 * counts: every size stores the same rows, positions and departments as before (each document's
 * department from the newest current borderou listing it, across the statements' boundaries; a
 * replaced version no longer counts), the totals follow through the triggers, and however many
 * different sizes arrive, only a handful of statement texts is ever prepared (each is cached by the
 * client: one text per size made a long-running server grow by hundreds of MB).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROW_CHUNK_SIZES } from '../../../server/src/db/row-chunks.ts';
import { openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient, SqlRunner, SqlTransaction } from '../../../server/src/db/sql-client.ts';
import { createBatchRepository, type DocumentRow } from '../../../server/src/repositories/batch-repository.ts';
import { createBorderouRepository } from '../../../server/src/repositories/borderou-repository.ts';
import { createStationRepository } from '../../../server/src/repositories/station-repository.ts';
import type { BorderouEntryView } from '../../../shared/src/schemas/borderou.ts';
import { createTestDatabase, describeEngines, type TestDatabase } from '../../support/postgres.ts';
import { tempDir } from '../helpers/test-app.ts';

const SIZES = [1, 4, 5, 6, 10, 99, 100, 501, 1203];

/** The client, with every statement text passed to it (directly or in a transaction) recorded. */
function recording(db: SqlClient): { client: SqlClient; texts: Set<string> } {
  const texts = new Set<string>();
  const wrap = <R extends SqlRunner>(runner: R): R => ({
    ...runner,
    engine: runner.engine,
    all: (sql, params) => (texts.add(sql), runner.all(sql, params)),
    get: (sql, params) => (texts.add(sql), runner.get(sql, params)),
    run: (sql, params) => (texts.add(sql), runner.run(sql, params)),
  });
  const client: SqlClient = {
    ...wrap(db),
    location: db.location,
    exec: (script) => db.exec(script),
    close: () => db.close(),
    transaction: (work) => db.transaction((tx) => work({ ...wrap(tx), lock: (k) => tx.lock(k), exec: (s) => tx.exec(s) } as SqlTransaction)),
  };
  return { client, texts };
}

const count = (texts: Set<string>, head: string): number => [...texts].filter((t) => t.trim().startsWith(head)).length;

describeEngines('multi-row inserts of fixed sizes', (engine) => {
  let raw: SqlClient;
  let db: SqlClient;
  let texts: Set<string>;
  let database: TestDatabase | undefined;
  let stationId: number;
  let batchNo = 0;

  beforeAll(async () => {
    let target: DatabaseTarget = { engine: 'sqlite', file: join(tempDir(), 'registry.sqlite') };
    if (engine === 'postgres') {
      database = await createTestDatabase();
      target = { engine, url: database.url };
    }
    raw = await openSqlClient(target);
    ({ client: db, texts } = recording(raw));
    stationId = (await createStationRepository(db).create('st-a', 'hash-a', '2026-01-05T08:00:00Z')).id;
    // every registration number has a department; the same keys as the documents below
    const borderouri = createBorderouRepository(db);
    await borderouri.save(borderou('2026-01-05', 1203));
    // uploaded later, so it wins where both list a number (every fifth)
    await borderouri.save(listing('2026-01-06', Array.from({ length: 241 }, (_, j) => [j * 5, 'Serviciul Nou'])));
    // replaced: its first version no longer counts
    await borderouri.save(listing('2026-01-07', [[7, 'Structură înlocuită']]));
    await borderouri.save(listing('2026-01-07', [[8, 'Serviciul Stare Civilă']]));
  }, 120_000);
  afterAll(async () => {
    await raw?.close();
    await database?.drop();
  });

  function entries(n: number): BorderouEntryView[] {
    return Array.from({ length: n }, (_, i) => ({
      line: i + 2, registrationNumber: `${i + 1}/05.01.2026`, department: i % 3 === 0 ? `Direcția ${i % 7}` : 'Cabinet Primar',
      expectedSheets: i % 4 === 0 ? null : i % 4, date: i % 2 ? '2026-01-05' : null, notes: i === 5 ? 'ăâîșț' : null,
    }));
  }
  function borderou(day: string, n: number) {
    return { day, uploadedAt: `${day}T07:00:00Z`, encoding: 'utf-8', delimiter: ';', contentSha256: 'c'.repeat(64),
      content: new Uint8Array([1, 2, 3]), entries: entries(n), uploadedBy: 'admin' };
  }
  /** A borderou of `day` listing the registration numbers of indexes `k` (number k + 1) with a department. */
  function listing(day: string, rows: Array<[number, string]>) {
    return { ...borderou(day, 0), entries: rows.map(([k, department], i) => ({
      line: i + 2, registrationNumber: `${k + 1}/05.01.2026`, department, expectedSheets: 1, date: null, notes: null,
    })) };
  }
  /** The department of the document of index k (number k + 1) from the borderouri above. */
  const department = (k: number): string => (k >= 1203 ? '' : k === 8 ? 'Serviciul Stare Civilă' : k % 5 === 0 ? 'Serviciul Nou'
    : k % 3 === 0 ? `Direcția ${k % 7}` : 'Cabinet Primar');
  const documents = (n: number, offset = 0): DocumentRow[] => Array.from({ length: n }, (_, i) => ({
    documentId: `d${offset + i}`, registrationKey: `${offset + i + 1}/05.01.2026`, registrationDate: '2026-01-05',
    file: `f${i}.pdf`, pages: 1 + (i % 3), sheets: 1 + (i % 2), sha256: 'a'.repeat(64), flags: i % 10 ? [] : ['blank-back'],
  }));
  async function store(docs: DocumentRow[]): Promise<number> {
    batchNo += 1;
    const batchId = `b-${batchNo}`;
    await createBatchRepository(db).store({ stationId, batchId, version: 1, startedAt: '2026-01-05T08:00:00Z',
      endedAt: '2026-01-05T09:00:00Z', scanDate: '2026-01-05', separatorPages: 0, blankPages: 0, unassignedPages: 0,
      pagesIn: docs.length, reportSha256: 'r'.repeat(64), receivedAt: '2026-01-05T09:00:00Z' }, docs);
    const row = await raw.get<{ id: number }>('SELECT id FROM batches WHERE station_id = ? AND batch_id = ?', [stationId, batchId]);
    return Number(row!.id);
  }

  it.each(SIZES)('stores a batch of %i documents at their positions with their departments', async (n) => {
    const offset = n === 1203 ? 0 : 7; // the department subquery runs per row, across the statements' boundaries
    const docs = documents(n, offset);
    const ref = await store(docs);
    const rows = await raw.all<Record<string, unknown>>(`SELECT position, document_id AS id, registration_key AS "key", file, pages,
      sheets, sha256, flags, department FROM documents WHERE batch_ref = ? ORDER BY position`, [ref]);
    expect(rows.map((r) => ({ ...r, position: Number(r.position) }))).toEqual(docs.map((d, i) => ({
      position: i, id: d.documentId, key: d.registrationKey, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256,
      flags: JSON.stringify(d.flags), department: department(offset + i),
    })));
    const fromDocuments = await raw.all(`SELECT department, COUNT(*) AS d, SUM(sheets) AS s, SUM(pages) AS p
      FROM documents GROUP BY department ORDER BY department`);
    expect(await raw.all(`SELECT department, documents AS d, sheets AS s, pages AS p
      FROM weekly_department_totals WHERE documents <> 0 ORDER BY department`)).toEqual(fromDocuments);
  }, 120_000);

  it.each(SIZES)('stores a borderou of %i entries line by line', async (n) => {
    const repo = createBorderouRepository(db);
    const { saved } = await repo.save(borderou(`2026-02-${String(1 + SIZES.indexOf(n)).padStart(2, '0')}`, n));
    expect(saved.entries).toBe(n);
    expect(await repo.entries(saved.id)).toEqual(entries(n));
  }, 120_000);

  it('prepares at most one text per fixed size for each multi-row INSERT, whatever the sizes', async () => {
    for (let n = 1; n <= 120; n++) await store(documents(n, 2000));
    for (let n = 1; n <= 25; n++) await createBorderouRepository(db).save(borderou(`2026-03-${String(1 + (n % 28)).padStart(2, '0')}`, n));
    expect(count(texts, 'INSERT INTO documents')).toBeLessThanOrEqual(ROW_CHUNK_SIZES.length);
    expect(count(texts, 'INSERT INTO borderou_entries')).toBeLessThanOrEqual(ROW_CHUNK_SIZES.length);
    // and no other statement text grows with the sizes either
    expect(texts.size).toBeLessThan(80);
  }, 300_000);
});
