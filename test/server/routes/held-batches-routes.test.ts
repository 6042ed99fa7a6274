/**
 * `POST /api/batches/held` on both engines over real HTTP: the version the registry holds of each
 * batch a station asks about (null when none), only ever the caller's own batches, in the order
 * asked; a request out of bounds is refused with the field named, and nothing changes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BATCH_REPORT_LIMITS } from '../../../shared/src/schemas/batch-report.ts';
import { HELD_BATCHES_BODY_LIMIT, HELD_BATCHES_MAX, type HeldBatches } from '../../../shared/src/schemas/held-batches.ts';
import { describeEngines } from '../../support/postgres.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: { path?: string; reason: string }[] } };

describeEngines('which batch reports the registry holds', (engine) => {
  let t: TestApp;
  let a: string;
  let b: string;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    a = await t.addStation('ghiseu-a');
    b = await t.addStation('ghiseu-b');
    const send = async (token: string, report: ReturnType<typeof batchReport>) =>
      expect((await t.request('POST', '/api/batches', { token, json: report })).status).toBe(201);
    await send(a, batchReport('ghiseu-a', 'lot-1'));
    await send(a, batchReport('ghiseu-a', 'lot-2'));
    await send(a, batchReport('ghiseu-a', 'lot-2', { version: 3, documents: [doc('84599/27.09.2021', 1, 1)] }));
    await send(b, batchReport('ghiseu-b', 'lot-9', { documents: [doc('84600/27.09.2021', 1, 1)] }));
  });
  afterAll(async () => { await t.close(); });

  const ask = (token: string, body: unknown) => t.request('POST', '/api/batches/held', { token, json: body });

  it('the held version of each batch asked, null for one it lacks, in the order asked; another station\'s batch is not the caller\'s', async () => {
    const res = await ask(a, { batchIds: ['lot-9', 'lot-2', 'lot-nou', 'lot-1'] });
    expect(res.status).toBe(200);
    expect((await res.json()) as HeldBatches).toEqual({
      station: 'ghiseu-a',
      batches: [{ batchId: 'lot-9', version: null }, { batchId: 'lot-2', version: 3 }, { batchId: 'lot-nou', version: null }, { batchId: 'lot-1', version: 1 }],
    });
    expect(await (await ask(b, { batchIds: ['lot-9', 'lot-1'] })).json()).toEqual({
      station: 'ghiseu-b', batches: [{ batchId: 'lot-9', version: 1 }, { batchId: 'lot-1', version: null }],
    });
  });

  it(`as many as ${HELD_BATCHES_MAX} ids at once (one statement on either engine)`, async () => {
    const batchIds = Array.from({ length: HELD_BATCHES_MAX }, (_, i) => (i === 7 ? 'lot-1' : `lot-x${i}`));
    const body = (await (await ask(a, { batchIds })).json()) as HeldBatches;
    expect(body.batches).toHaveLength(HELD_BATCHES_MAX);
    expect(body.batches.filter((h) => h.version !== null)).toEqual([{ batchId: 'lot-1', version: 1 }]);
  });

  it(`a body over ${HELD_BATCHES_BODY_LIMIT} bytes: 413 PAYLOAD_TOO_LARGE in the error shape, in Romanian; the largest valid request fits`, async () => {
    const longest = Array.from({ length: HELD_BATCHES_MAX }, (_, i) => `lot-${i}-`.padEnd(BATCH_REPORT_LIMITS.batchIdMax, 'x'));
    expect(JSON.stringify({ batchIds: longest }).length).toBeLessThan(HELD_BATCHES_BODY_LIMIT);
    expect((await ask(a, { batchIds: longest })).status).toBe(200);
    const res = await ask(a, { batchIds: ['lot-1'], pad: 'x'.repeat(HELD_BATCHES_BODY_LIMIT) });
    expect(res.status).toBe(413);
    expect((await res.json()) as ErrorBody).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Cererea depășește dimensiunea maximă acceptată.' } });
  });

  it.each([
    ['no ids', { batchIds: [] }, '/batchIds'],
    ['too many ids', { batchIds: Array.from({ length: HELD_BATCHES_MAX + 1 }, (_, i) => `lot-${i}`) }, '/batchIds'],
    ['an id twice', { batchIds: ['lot-1', 'lot-1'] }, '/batchIds'],
    ['an id with a space', { batchIds: ['lot 1'] }, '/batchIds/0'],
    ['a field the schema does not know', { batchIds: ['lot-1'], station: 'ghiseu-b' }, '/station'],
    ['no list', {}, '/batchIds'],
  ])('%s: 400 VALIDATION_FAILED naming the field, in Romanian', async (_name, body, path) => {
    const res = await ask(a, body);
    expect(res.status).toBe(400);
    const error = ((await res.json()) as ErrorBody).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems?.map((p) => p.path ?? '')).toContain(path);
  });
});
