/** `GET /api/health` over real HTTP: anyone may ask, and the answer comes from the database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describeEngines('GET /api/health', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 200 {"status":"ok"} without a token, and with any token', async () => {
    for (const token of [null, 'sst_wrong']) {
      const response = await t.request('GET', '/api/health', { token });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
  });

  it('is not ok when the database does not answer, and says nothing of its internals', async () => {
    const broken = await startTestApp({}, undefined, engine);
    try {
      await broken.app.sql.close();
      const response = await broken.request('GET', '/api/health', { token: null });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toMatch(/sqlite|database connection|SELECT|\.ts:\d+/i);
      expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe('INTERNAL');
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});
