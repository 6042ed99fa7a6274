import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser, session } from '../helpers/web-users.ts';

/** The text of a DOCX: word/document.xml unpacked with unzip, runs joined, paragraphs on lines. */
function docxText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'docx-'));
  const file = join(dir, 'r.docx');
  writeFileSync(file, bytes);
  const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  const file = join(dir, 'r.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

describeEngines('weekly activity: registered vs processed, closing a week, DOCX and PDF of the scanning row', (engine) => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    token = await t.addStation('ghiseu-1');
    // Borderouri of Monday and Thursday of week 39/2021; Thursday's gives no nr_file for one row.
    const monday = borderouCsv([['10/27.09.2021', 'Direcția Urbanism', '2'], ['11/27.09.2021', 'Cabinet Primar', '1'], ['14/27.09.2021', 'Cabinet Primar', '5']]);
    // Windows-1250 has only the cedilla ţ: the server stores the comma-below ț.
    const thursday = borderouCsv([['20/30.09.2021', 'Direcţia Urbanism', '3'], ['21/30.09.2021', 'Direcţia Urbanism']], { encoding: 'windows-1250' });
    expect((await t.request('POST', '/api/borderouri?date=2021-09-27', { body: monday, contentType: 'text/csv' })).status).toBe(201);
    expect((await t.request('POST', '/api/borderouri?date=2021-09-30', { body: thursday, contentType: 'text/csv' })).status).toBe(201);
    const sent = await t.request('POST', '/api/batches', { token, json: batchReport('ghiseu-1', 'b-1', {
      startedAt: '2021-09-27T09:00:00+03:00', endedAt: '2021-09-27T09:30:00+03:00',
      documents: [doc('10/27.09.2021', 2, 3), doc('11/27.09.2021', 1, 2)],
    }) });
    expect(sent.status).toBe(201);
  });
  afterAll(async () => { await t.close(); });

  const week39 = async () => {
    const report = (await (await t.request('GET', '/api/reports/weekly?from=2021-09-27&to=2021-10-03')).json()) as WeeklyReport;
    return report.weeks[0]!;
  };

  it('reports registered (borderou documents, sheets where nr_file is given) beside processed, with the office\'s week title', async () => {
    const w = await week39();
    expect(w.title).toBe('27 SEPTEMBRIE - 01 OCTOMBRIE 2021');
    expect(w.registered).toEqual({ documents: 5, sheets: 11 });
    expect(w.registeredDepartments).toEqual([
      { department: 'Cabinet Primar', documents: 2, sheets: 6 },
      { department: 'Direcția Urbanism', documents: 3, sheets: 5 },
    ]);
    expect({ documents: w.documents, sheets: w.sheets, pages: w.pages }).toEqual({ documents: 2, sheets: 3, pages: 5 });
    expect(w.closed).toBeNull();
  });

  it('exports the scanning row as DOCX in the seed\'s layout, diacritics intact', async () => {
    const response = await t.request('GET', '/api/reports/weekly/scanning.docx?week=2021-09-29');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="raport-scanare-2021-09-27.docx"');
    const text = docxText(new Uint8Array(await response.arrayBuffer()));
    for (const expected of [
      'RAPORT DE ACTIVITATE', '27 SEPTEMBRIE - 01 OCTOMBRIE 2021', 'SERVICIUL CONSILIERE ȘI ÎNDRUMARE',
      'Lucrări specifice', 'Activități', 'Nr. lucrări', 'Nr. Documente produse/procesate', '3. Scanare documente',
      'Toate documentele care intră în instituție sunt scanate.', 'Nr. documente înregistrate 5', 'Nr. file 11',
      'Nr. documente procesate 2', 'Nr. file procesate 3', 'Nr. pagini scanate 5',
    ]) expect(text).toContain(expected);
    expect(text).not.toMatch(/[şţŞŢ]/); // cedilla forms never
  });

  it('exports the same row as PDF; pdftotext reads the diacritics back', async () => {
    const response = await t.request('GET', '/api/reports/weekly/scanning.pdf?week=2021-09-27');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    for (const expected of [
      'RAPORT DE ACTIVITATE', '27 SEPTEMBRIE - 01 OCTOMBRIE 2021', 'SERVICIUL CONSILIERE ȘI ÎNDRUMARE', 'Lucrări specifice',
      '3. Scanare documente', 'Nr. documente înregistrate 5', 'Nr. documente procesate 2', 'Nr. file procesate 3',
    ]) expect(text).toContain(expected);
  });

  it('«închide săptămâna» keeps the figures; later corrections show as a difference; closing twice is refused', async () => {
    const password = await addUser(t.place, 'raluca', 'raport');
    const s = await session(t.base, 'raluca', password);
    const closed = await s.request('POST', '/api/reports/weekly/close', { json: { week: '2021-09-27' } });
    expect(closed.status).toBe(201);
    expect(await closed.json()).toMatchObject({ week: '2021-09-27', title: '27 SEPTEMBRIE - 01 OCTOMBRIE 2021', closedBy: 'user:raluca' });
    const again = await s.request('POST', '/api/reports/weekly/close', { json: { week: '2021-09-28' } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toBe('Săptămâna 27 SEPTEMBRIE - 01 OCTOMBRIE 2021 este deja închisă.');

    // A late report of the same week arrives after closing.
    const late = await t.request('POST', '/api/batches', { token, json: batchReport('ghiseu-1', 'b-2', {
      startedAt: '2021-10-01T16:00:00+03:00', endedAt: '2021-10-01T16:10:00+03:00', documents: [doc('14/27.09.2021', 5, 9)],
    }) });
    expect(late.status).toBe(201);
    const w = await week39();
    expect(w.documents).toBe(3);
    expect(w.closed).toMatchObject({ closedBy: 'user:raluca', processed: { documents: 2, sheets: 3, pages: 5 }, registered: { documents: 5, sheets: 11 } });

    const docx = docxText(new Uint8Array(await (await s.request('GET', '/api/reports/weekly/scanning.docx?week=2021-09-27')).arrayBuffer()));
    expect(docx).toContain('Nr. documente procesate 2'); // the report already sent does not change
    expect(docx).toContain('Corecturi după închidere: documente procesate: +1 (acum 3); file procesate: +5 (acum 8); pagini scanate: +9 (acum 14).');
  });

  it('only admin and raport reach the exports; registratura gets 403', async () => {
    const password = await addUser(t.place, 'radu', 'registratura');
    const s = await session(t.base, 'radu', password);
    expect((await s.request('GET', '/api/reports/weekly/scanning.pdf?week=2021-09-27')).status).toBe(403);
    expect((await s.request('POST', '/api/reports/weekly/close', { json: { week: '2021-10-04' } })).status).toBe(403);
  });

  it('the reconciliation documents carry station, batch, pages, sheets and SHA-256', async () => {
    const response = await t.request('GET', '/api/reconciliation/documents?date=2021-09-27');
    const { documents } = (await response.json()) as { documents: Array<Record<string, unknown>> };
    expect(documents[0]).toMatchObject({ id: '10/27.09.2021', station: 'ghiseu-1', batchId: 'b-1', pages: 3, sheets: 2, department: 'Direcția Urbanism' });
    expect(documents[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a rotated token replaces the old one; a revoked station cannot report until it gets a new one', async () => {
    const rotated = await t.request('POST', '/api/stations/ghiseu-1/token');
    expect(rotated.status).toBe(201);
    const { token: fresh } = (await rotated.json()) as { token: string };
    const report = (id: string) => batchReport('ghiseu-1', id, { startedAt: '2021-10-05T09:00:00+03:00', endedAt: '2021-10-05T09:10:00+03:00', documents: [doc(`${id}/05.10.2021`, 1, 1)] });
    expect((await t.request('POST', '/api/batches', { token, json: report('30') })).status).toBe(401);
    expect((await t.request('POST', '/api/batches', { token: fresh, json: report('31') })).status).toBe(201);
    expect((await t.request('POST', '/api/stations/ghiseu-1/revoke')).status).toBe(204);
    expect((await t.request('POST', '/api/batches', { token: fresh, json: report('32') })).status).toBe(401);
    const list = (await (await t.request('GET', '/api/stations')).json()) as { stations: Array<{ revokedAt: string | null }> };
    expect(list.stations[0]!.revokedAt).not.toBeNull();
    expect((await t.request('POST', '/api/stations/nimeni/token')).status).toBe(404);
    const audit = (await (await t.request('GET', '/api/audit')).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['station-token-rotate', 'station-revoke', 'week-close', 'borderou-upload', 'station-add']));
  });
});
