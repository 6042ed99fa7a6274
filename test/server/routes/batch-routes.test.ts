import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { ADMIN_TOKEN, batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ path?: string; reason: string }> } };

describeEngines('POST /api/batches', (engine) => {
  let t: TestApp;
  let token: string;
  let otherToken: string;
  beforeAll(async () => {
    t = await startTestApp({ bodyLimit: 64 * 1024 }, undefined, engine);
    token = await t.addStation('st-a');
    otherToken = await t.addStation('st-b');
  });
  afterAll(async () => { await t.close(); });

  const count = (sql: string): Promise<number> => t.value(sql);

  it('records a new batch with 201 and its documents', async () => {
    const response = await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'b-1') });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      status: 'recorded', station: 'st-a', batchId: 'b-1', version: 1, documents: 2, receivedAt: expect.any(String),
    });
    expect(await count('SELECT COUNT(*) FROM documents')).toBe(2);
    const row = (await t.rows('SELECT registration_date, scan_date FROM documents ORDER BY position LIMIT 1'))[0];
    expect(row).toEqual({ registration_date: '2021-09-27', scan_date: '2021-09-27' });
  });

  it('is idempotent: the same report again answers 200 already-recorded and changes nothing', async () => {
    const report = batchReport('st-a', 'b-2');
    const first = await t.request('POST', '/api/batches', { token, json: report });
    const firstBody = (await first.json()) as { receivedAt: string };
    const before = { documents: await count('SELECT COUNT(*) FROM documents'), totals: await count('SELECT SUM(documents) FROM daily_totals') };
    // Same content, keys in another order.
    const reordered = Object.fromEntries(Object.entries(report).reverse());
    const again = await t.request('POST', '/api/batches', { token, json: reordered });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'already-recorded', station: 'st-a', batchId: 'b-2', version: 1, documents: 2, receivedAt: firstBody.receivedAt });
    expect({ documents: await count('SELECT COUNT(*) FROM documents'), totals: await count('SELECT SUM(documents) FROM daily_totals') }).toEqual(before);
  });

  it('records a report sent several times at once exactly once', async () => {
    const report = batchReport('st-a', 'b-parallel');
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.request('POST', '/api/batches', { token, json: report })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(await count("SELECT COUNT(*) FROM batches WHERE batch_id = 'b-parallel'")).toBe(1);
  });

  it('answers 409 CONFLICT for a different report under the same batch id, and keeps the first', async () => {
    const changed = batchReport('st-a', 'b-1', { documents: [doc('84599/27.09.2021', 1, 1)] });
    const response = await t.request('POST', '/api/batches', { token, json: changed });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'CONFLICT', message: 'Lotul „b-1” a fost deja raportat în versiunea 1 cu alt conținut; un raport corectat se trimite cu o versiune mai mare.' } });
    expect(await count("SELECT COUNT(*) FROM documents WHERE document_id = '84599/27.09.2021'")).toBe(0);
  });

  it('lets another station use the same batch id for its own batch', async () => {
    const response = await t.request('POST', '/api/batches', { token: otherToken, json: batchReport('st-b', 'b-1') });
    expect(response.status).toBe(201);
  });

  it('answers 403 when a station writes another station\'s batch, or the admin writes one', async () => {
    const response = await t.request('POST', '/api/batches', { token: otherToken, json: batchReport('st-a', 'b-9') });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error).toEqual({
      code: 'FORBIDDEN', message: 'Stația „st-b” nu poate raporta loturi în numele stației „st-a”.',
    });
    const admin = await t.request('POST', '/api/batches', { token: ADMIN_TOKEN, json: batchReport('st-a', 'b-9') });
    expect(admin.status).toBe(403);
    expect(await count("SELECT COUNT(*) FROM batches WHERE batch_id = 'b-9'")).toBe(0);
  });

  it('answers 401 without a token or with a wrong one', async () => {
    for (const bad of [null, 'sst_wrong', `${token}x`]) {
      const response = await t.request('POST', '/api/batches', { token: bad, json: batchReport('st-a', 'b-10') });
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error.code).toBe('UNAUTHORIZED');
    }
    const basic = await t.request('POST', '/api/batches', { token: null, headers: { authorization: `Basic ${token}` }, json: {} });
    expect(basic.status).toBe(401);
  });

  it.each([
    ['an unknown field', { ...batchReport('st-a', 'v'), extra: 1 }, '/extra', 'câmp necunoscut'],
    ['an unknown document field', batchReport('st-a', 'v', { documents: [{ ...doc('1/27.09.2021', 1, 1), owner: 'x' } as never] }), '/documents/0/owner', 'câmp necunoscut'],
    ['a missing field', (({ pagesIn: _p, ...rest }) => rest)(batchReport('st-a', 'v')), '/pagesIn', 'câmp obligatoriu lipsă'],
    ['a string count', { ...batchReport('st-a', 'v'), blankPages: '3' }, '/blankPages', 'trebuie să fie un număr întreg'],
    ['a negative count', { ...batchReport('st-a', 'v'), blankPages: -1 }, '/blankPages', 'trebuie să fie cel puțin 0'],
    ['a bad sha256', batchReport('st-a', 'v', { documents: [{ ...doc('1/27.09.2021', 1, 1), sha256: 'XYZ' }] }), '/documents/0/sha256', 'conține caractere sau o formă nepermisă'],
    ['a bad date-time', { ...batchReport('st-a', 'v'), startedAt: '27.09.2021 09:00' }, '/startedAt', 'trebuie să fie o dată și o oră ISO 8601 cu fus orar'],
    ['a too long batch id', batchReport('st-a', 'x'.repeat(101)), '/batchId', 'prea lung (maximum 100 caractere)'],
    ['control characters in a file name', batchReport('st-a', 'v', { documents: [{ ...doc('1/27.09.2021', 1, 1), file: 'a\nb.pdf' }] }), '/documents/0/file', 'conține caracterul U+000A (de control, invizibil sau de schimbare a direcției textului)'],
    ['an end before the start', { ...batchReport('st-a', 'v'), endedAt: '2021-09-27T05:00:00+03:00' }, '/endedAt', 'sfârșitul lotului este înaintea începutului'],
  ])('answers 400 VALIDATION_FAILED for %s', async (_name, body, path, reason) => {
    const response = await t.request('POST', '/api/batches', { token, json: body });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as ErrorBody).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems).toEqual([{ path, reason }]);
  });

  it('records an empty document (file and sha256 null) and refuses a half-empty one', async () => {
    const report = batchReport('st-a', 'b-empty');
    report.documents.push({ id: '84599/27.09.2021', file: null, pages: 0, sheets: 0, sha256: null, flags: ['empty'] });
    const totalBefore = await count('SELECT COALESCE(SUM(documents), 0) FROM daily_totals');
    const ok = await t.request('POST', '/api/batches', { token, json: report });
    expect(ok.status).toBe(201);
    // the weekly totals count the scanned documents, not the empty one
    expect(await count('SELECT COALESCE(SUM(documents), 0) FROM daily_totals') - totalBefore).toBe(report.documents.length - 1);
    const row = (await t.rows("SELECT file, sha256, pages FROM documents WHERE document_id = '84599/27.09.2021'"))[0];
    expect(row).toEqual({ file: null, sha256: null, pages: 0 });
    for (const [i, bad] of [
      { id: '84600/27.09.2021', file: null, pages: 0, sheets: 0, sha256: 'a'.repeat(64), flags: [] },
      { id: '84600/27.09.2021', file: 'x.pdf', pages: 1, sheets: 1, sha256: null, flags: [] },
      { id: '84600/27.09.2021', file: null, pages: 2, sheets: 1, sha256: null, flags: [] },
    ].entries()) {
      const r = batchReport('st-a', `b-half-${i}`);
      r.documents.push(bad);
      const response = await t.request('POST', '/api/batches', { token, json: r });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.problems).toEqual([{ path: '/documents/2', reason: expect.stringContaining('sha256 null') }]);
    }
    expect(await count("SELECT COUNT(*) FROM batches WHERE batch_id LIKE 'b-half-%'")).toBe(0);
  });

  it('answers 400 for malformed or empty JSON and 415 for another content type', async () => {
    const malformed = await t.request('POST', '/api/batches', { token, body: '{"batchId": ', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'Corpul cererii nu este JSON valid.' } });
    const empty = await t.request('POST', '/api/batches', { token, body: '', contentType: 'application/json' });
    expect(empty.status).toBe(400);
    const text = await t.request('POST', '/api/batches', { token, body: 'batch', contentType: 'text/plain' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const documents = Array.from({ length: 1000 }, (_, i) => doc(`${i + 1}/27.09.2021`, 1, 2));
    const response = await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'big', { documents }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Cererea depășește dimensiunea maximă acceptată.' } });
  });

  it('answers 404 NOT_FOUND in the same shape for unknown addresses', async () => {
    const response = await t.request('GET', '/api/nothing-here');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Adresa GET /api/nothing-here nu există.' } });
  });
});
