/**
 * A batch's documents are written in a few multi-row statements (not two statements per document):
 * each still gets its position and the department the newest current borderou gives it, across the
 * statements' boundaries, and the totals still follow through the triggers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { borderouCsv, type CsvRow } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

const COUNT = 1203; // three statements of at most 500 documents

describeEngines('a batch of many documents', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    // Two borderouri list some of the documents before they are scanned; the second one, uploaded
    // later, wins where both list a document. A third day's borderou is replaced (its first version no longer counts).
    const upload = async (date: string, rows: CsvRow[]) =>
      expect((await t.request('POST', `/api/borderouri?date=${date}`, { body: borderouCsv(rows), contentType: 'text/csv' })).status).toBe(201);
    const every = (step: number, department: string): CsvRow[] =>
      Array.from({ length: Math.ceil(COUNT / step) }, (_, i) => [`${i * step + 1}/27.09.2021`, department] as CsvRow);
    await upload('2021-09-27', every(3, 'Direcția Urbanism'));
    await upload('2021-09-28', every(5, 'Cabinet Primar'));
    await upload('2021-09-29', [['7/27.09.2021', 'Structură înlocuită']]);
    await upload('2021-09-29', [['8/27.09.2021', 'Serviciul Stare Civilă']]);
    const token = await t.addStation('st-a');
    const documents = Array.from({ length: COUNT }, (_, i) => doc(`${i + 1}/27.09.2021`, 1 + (i % 3), 2 + (i % 3)));
    const response = await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'big-1', { documents }) });
    expect(response.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('stores every document at its position with its department', async () => {
    const rows = await t.rows<{ position: number; document_id: string; department: string }>(
      'SELECT position, document_id, department FROM documents ORDER BY position');
    expect(rows).toHaveLength(COUNT);
    const expected = (n: number): string =>
      (n - 1) % 5 === 0 ? 'Cabinet Primar' : (n - 1) % 3 === 0 ? 'Direcția Urbanism' : n === 8 ? 'Serviciul Stare Civilă' : '';
    for (const [i, row] of rows.entries()) {
      expect([Number(row.position), row.document_id, row.department]).toEqual([i, `${i + 1}/27.09.2021`, expected(i + 1)]);
    }
  });

  it('keeps the totals equal to a count of the documents', async () => {
    const fromDocuments = await t.rows(`SELECT department, COUNT(*) AS d, SUM(sheets) AS s, SUM(pages) AS p
      FROM documents GROUP BY department ORDER BY department`);
    const totals = await t.rows(`SELECT department, documents AS d, sheets AS s, pages AS p
      FROM weekly_department_totals WHERE documents <> 0 ORDER BY department`);
    expect(totals).toEqual(fromDocuments);
    expect(fromDocuments).toHaveLength(4);
  });
});
