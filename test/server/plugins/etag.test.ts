import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchReport, startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('ETags on API answers (the Reconciliere page polls with them)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.addStation('ghiseu-1');
  });
  afterAll(async () => { await t.close(); });

  it('answers 304 with no body while nothing changed, and 200 with a new tag once a report arrives', async () => {
    const path = '/api/reconciliation?date=2021-09-27';
    const first = await t.request('GET', path);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    await first.arrayBuffer();

    const same = await t.request('GET', path, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');

    expect((await t.request('POST', '/api/batches', { token, json: batchReport('ghiseu-1', 'b-1') })).status).toBe(201);
    const changed = await t.request('GET', path, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as { scanned: number }).scanned).toBe(2);
  });

  it('never on errors or changes', async () => {
    const bad = await t.request('GET', '/api/reconciliation?date=2021-02-30');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('etag')).toBeNull();
  });
});
