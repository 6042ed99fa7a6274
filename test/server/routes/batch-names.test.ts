/** Ids and file names in a batch report follow the shared rule (shared/src/document-names.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ path?: string; reason: string }> } };

describeEngines('POST /api/batches: hostile ids and file names', (engine) => {
  let t: TestApp;
  let token: string;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    token = await t.addStation('st-a');
  });
  afterAll(async () => { await t.close(); });

  const send = (documents: ReturnType<typeof doc>[]) =>
    t.request('POST', '/api/batches', { token, json: batchReport('st-a', `b-${(n += 1)}`, { documents }) });
  const stored = (): Promise<number> => t.value('SELECT COUNT(*) FROM documents');

  it.each([
    ['U+202E', '84512/27.09.2021\u202Efdp.exe', /U\+202E/],
    ['U+200B', '84512/\u200B27.09.2021', /U\+200B/],
    ['U+FEFF', '\uFEFF84512/27.09.2021', /U\+FEFF/],
    ['a leading space', ' 84512/27.09.2021', /^are spații la început sau la sfârșit$/],
    ['a trailing space', '84512/27.09.2021 ', /^are spații la început sau la sfârșit$/],
  ])('an id with %s → 400 naming the document, nothing stored', async (_what, id, reason) => {
    const response = await send([doc('1/27.09.2021', 1, 1), { ...doc('x', 1, 1), id }]);
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.problems).toEqual([{ path: '/documents/1/id', reason: expect.stringMatching(reason) }]);
    expect(JSON.stringify(body)).not.toMatch(/[\u202E\u200B\uFEFF]/); // the answer never echoes the character
    expect(await stored()).toBe(0);
  });

  it.each([
    ['../../etc/passwd', 'conține un separator de dosar („/” sau „\\”)'],
    ['..\\..\\x.pdf', 'conține un separator de dosar („/” sau „\\”)'],
    ['..', 'conține „..”'],
    ['raport\u202Efdp.exe', 'conține caracterul U+202E (de control, invizibil sau de schimbare a direcției textului)'],
  ])('a file name %j → 400, nothing stored', async (file, reason) => {
    const response = await send([{ ...doc('2/27.09.2021', 1, 1), file }]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.problems).toEqual([{ path: '/documents/0/file', reason }]);
    expect(await stored()).toBe(0);
  });

  it('an id of 64 characters is accepted (the station\'s limit too), 65 is not', async () => {
    expect((await send([doc(`G${'x'.repeat(63)}`, 1, 1)])).status).toBe(201);
    const long = await send([doc(`G${'x'.repeat(64)}`, 1, 1)]);
    expect(long.status).toBe(400);
    expect(((await long.json()) as ErrorBody).error.problems).toEqual([{ path: '/documents/0/id', reason: 'prea lung (maximum 64 caractere)' }]);
  });
});
