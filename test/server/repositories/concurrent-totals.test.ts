/**
 * Borderouri and batch reports of one ISO week written at once from two instances (PostgreSQL: two
 * connection pools on one database; SQLite: the one connection a server has). The weekly totals the
 * triggers keep end equal to a count from scratch, no transaction has to be run again (PostgreSQL:
 * no deadlock on the totals rows), and a document reported while its borderou is being replaced takes
 * the new borderou's department whatever the interleaving.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { Repositories } from '../../../server/src/context.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import type { DocumentRow } from '../../../server/src/repositories/batch-repository.ts';
import type { BorderouEntryView } from '../../../shared/src/schemas/borderou.ts';
import { describeEngines } from '../../support/postgres.ts';
import { batchRow, documentRows, range, registrationNumber } from '../helpers/batch-rows.ts';
import { instances } from '../helpers/registry-instances.ts';
import { lockWaiters } from '../helpers/pg-lock-waiters.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Monday 27 September 2021 to Friday 1 October: one ISO week. */
const DAYS = ['2021-09-27', '2021-09-28', '2021-09-29', '2021-09-30', '2021-10-01'];
const DEPARTMENTS = ['Urbanism', 'Taxe', 'Juridic', 'Social', 'Cadastru', 'Registratura'];

/** 12 entries of `day`, departments in an order that differs between days and versions (some reversed). */
function entries(day: string, version: number): BorderouEntryView[] {
  const turn = DAYS.indexOf(day) + version;
  return Array.from({ length: 12 }, (_, i) => {
    const k = turn % 2 ? 11 - i : i;
    return { line: i + 2, registrationNumber: registrationNumber(day, i), department: DEPARTMENTS[(k + turn) % DEPARTMENTS.length]!,
      expectedSheets: 1 + (i % 3), date: day, notes: null };
  });
}

const upload = (repos: Repositories, day: string, version: number) => repos.borderouri.save({
  day, uploadedAt: `${day}T1${version}:00:00.000Z`, encoding: 'utf-8', delimiter: ';', contentSha256: `h-${day}-${version}`,
  content: new Uint8Array([version]), uploadedBy: null, entries: entries(day, version),
});

/** The day's 12 registrations in order, or reversed. */
const documents = (day: string, reversed: boolean, indexes = range(0, 12)): DocumentRow[] =>
  documentRows(day, reversed ? [...indexes].reverse() : indexes);

/** Each totals table next to the same figures counted from the documents and the current borderouri. */
async function expectTotalsFromScratch(db: SqlClient): Promise<void> {
  const pairs: Array<[string, string]> = [
    ['SELECT day, station_id, department, documents, sheets, pages FROM daily_totals WHERE documents <> 0 ORDER BY 1, 2, 3',
      'SELECT scan_date AS day, station_id, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages FROM documents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'],
    ['SELECT station_id, department, documents, sheets, pages FROM weekly_totals WHERE documents <> 0 ORDER BY 1, 2',
      'SELECT station_id, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages FROM documents GROUP BY 1, 2 ORDER BY 1, 2'],
    ['SELECT department, documents, sheets, pages FROM weekly_department_totals WHERE documents <> 0 ORDER BY 1',
      'SELECT department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages FROM documents GROUP BY 1 ORDER BY 1'],
    ['SELECT station_id, documents, sheets, pages FROM weekly_station_totals WHERE documents <> 0 ORDER BY 1',
      'SELECT station_id, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages FROM documents GROUP BY 1 ORDER BY 1'],
    ['SELECT day, department, documents, sheets FROM registered_daily_totals WHERE documents <> 0 ORDER BY 1, 2',
      `SELECT b.day, e.department, COUNT(*) AS documents, SUM(e.expected_sheets) AS sheets
         FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id WHERE b.superseded_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`],
    ['SELECT department, documents, sheets FROM registered_weekly_totals WHERE documents <> 0 ORDER BY 1',
      `SELECT e.department, COUNT(*) AS documents, SUM(e.expected_sheets) AS sheets
         FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id WHERE b.superseded_at IS NULL GROUP BY 1 ORDER BY 1`],
  ];
  for (const [kept, counted] of pairs) expect(await db.all(kept), kept).toEqual(await db.all(counted));
}

/** The department stored for each document, by registration key, next to the one its current borderou gives. */
async function expectDepartmentsOfCurrentBorderouri(db: SqlClient): Promise<void> {
  const wrong = await db.all(`
    SELECT d.registration_key, d.department, e.department AS expected
      FROM documents d JOIN borderou_entries e ON e.registration_key = d.registration_key
      JOIN borderouri b ON b.id = e.borderou_id AND b.superseded_at IS NULL
     WHERE d.department <> e.department`);
  expect(wrong).toEqual([]);
}

describeEngines('weekly totals written at once from several instances', (engine) => {
  it('borderouri and batch reports of every day of one week, at once on 2 instances: totals as counted, no transaction run again', async () => {
    const { repos, db, retries } = await instances(engine, 2, cleanups);
    const a = await repos[0]!.stations.create('st-a', 'hash-a', 'now');
    const b = await repos[1]!.stations.create('st-b', 'hash-b', 'now');
    // every day's borderou, versions 1 and 2, at once (the registered totals of one week from all of them)
    await Promise.all(DAYS.flatMap((day, i) => [upload(repos[i % 2]!, day, 1), upload(repos[(i + 1) % 2]!, day, 2)]));
    // each day's documents from two stations in opposite orders, and a third version of each day's
    // borderou (which moves documents between departments), all at once
    await Promise.all(DAYS.flatMap((day, i) => [
      repos[i % 2]!.batches.store(batchRow(a.id, day), documents(day, false)),
      repos[(i + 1) % 2]!.batches.store(batchRow(b.id, day), documents(day, true)),
      upload(repos[i % 2]!, day, 3),
    ]));
    // and every batch again as its version 2 (its documents replaced, in the other order), all at once
    await Promise.all(DAYS.flatMap((day, i) => [
      repos[(i + 1) % 2]!.batches.store(batchRow(a.id, day, undefined, 2), documents(day, true)),
      repos[i % 2]!.batches.store(batchRow(b.id, day, undefined, 2), documents(day, false)),
    ]));
    expect(await db.get('SELECT COUNT(*) AS n FROM documents')).toEqual({ n: DAYS.length * 24 });
    await expectTotalsFromScratch(db);
    await expectDepartmentsOfCurrentBorderouri(db);
    expect(retries).toEqual([]);
  });
});

describeEngines('a batch reported while its borderou is replaced', (engine) => {
  it('takes the department of the new borderou, the upload held open midway (PostgreSQL) or queued (SQLite)', async () => {
    const { repos, db, url } = await instances(engine, 2, cleanups);
    const station = await repos[0]!.stations.create('st-a', 'hash-a', 'now');
    const day = DAYS[0]!;
    const version = (department: string, v: number) => repos[0]!.borderouri.save({
      day, uploadedAt: `${day}T1${v}:00:00.000Z`, encoding: 'utf-8', delimiter: ';', contentSha256: `h${v}`, content: new Uint8Array([v]),
      uploadedBy: null, entries: [0, 1].map((i) => ({ line: i + 2, registrationNumber: registrationNumber(day, i), department, expectedSheets: 1, date: day, notes: null })),
    });
    await version('Taxe', 1);
    await repos[0]!.batches.store(batchRow(station.id, day, 'lot-0'), documents(day, false, [0]));

    // PostgreSQL: another connection holds the row of the document already reported, so the upload
    // stops at its re-assignment of departments (its new entries written, not committed)
    let holder: pg.Client | undefined;
    if (url) {
      holder = new pg.Client({ connectionString: url });
      await holder.connect();
      cleanups.push(() => holder!.end());
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM documents WHERE position = 0 FOR UPDATE');
    }
    const uploaded = version('Urbanism', 2);
    if (holder) await lockWaiters(db, 1);
    // the second registration reported on the other instance meanwhile; it either finishes (nothing
    // stops it) or waits for the upload
    const stored = repos[1]!.batches.store(batchRow(station.id, day, 'lot-1'), documents(day, false, [1]));
    if (holder) {
      const stop = new AbortController();
      await Promise.race([stored, lockWaiters(db, 2, stop.signal)]);
      stop.abort(); // a waiter that lost the race asks no more
      await holder.query('COMMIT');
    }
    await Promise.all([uploaded, stored]);

    expect(await db.all('SELECT document_id AS id, department FROM documents ORDER BY document_id')).toEqual([
      { id: registrationNumber(day, 0), department: 'Urbanism' },
      { id: registrationNumber(day, 1), department: 'Urbanism' },
    ]);
    await expectDepartmentsOfCurrentBorderouri(db);
    await expectTotalsFromScratch(db);
  });
});
