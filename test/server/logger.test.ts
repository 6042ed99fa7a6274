import { afterEach, describe, expect, it } from 'vitest';
import { logSink } from './helpers/log-sink.ts';
import { batchReport, startTestApp, type TestApp } from './helpers/test-app.ts';

describe('logger', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('redacts the Authorization header in the request log', async () => {
    const sink = logSink();
    t = await startTestApp({ logger: { level: 'info', destination: sink.stream } });
    const token = await t.addStation('st-a');
    await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'b-1') });
    await t.request('GET', '/api/stations', { token: 'sst_wrong-token-value' });
    const incoming = sink.lines().filter((l) => l.msg === 'incoming request');
    expect(incoming.length).toBeGreaterThanOrEqual(3);
    for (const line of incoming) {
      expect((line.req as { headers: Record<string, string> }).headers.authorization).toBe('[Redacted]');
    }
    expect(sink.text()).not.toContain(token);
    expect(sink.text()).not.toContain('test-admin-token');
    expect(sink.text()).not.toContain('sst_wrong-token-value');
    // The created station's token in the response body is never logged either.
    expect(sink.lines().some((l) => l.msg === 'station created' && l.station === 'st-a')).toBe(true);
  });

  it('redacts a token sent in the query string (refused with 401, never logged in clear)', async () => {
    const sink = logSink();
    t = await startTestApp({ logger: { level: 'info', destination: sink.stream } });
    const token = await t.addStation('st-q');
    const secrets = [token, 'test-admin-token-0123456789', 'sst_query-secret-value'];
    const paths = [
      `/api/reconciliation?date=2021-09-27&token=${encodeURIComponent(token)}`,
      '/api/stations?access_token=test-admin-token-0123456789',
      '/api/reports/weekly?from=2021-09-27&to=2021-10-01&%74oken=sst_query-secret-value',
      '/api/health?apiKey=sst_query-secret-value',
    ];
    for (const path of paths) {
      const response = await t.request('GET', path, { token: null });
      expect([200, 401]).toContain(response.status);
    }
    const urls = sink.lines().filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
    expect(urls).toContain('/api/reconciliation?date=2021-09-27&token=[Redacted]');
    expect(urls).toContain('/api/stations?access_token=[Redacted]');
    expect(urls).toContain('/api/reports/weekly?from=2021-09-27&to=2021-10-01&%74oken=[Redacted]');
    for (const secret of secrets) expect(sink.text()).not.toContain(secret);
    expect(sink.text()).not.toContain(encodeURIComponent(token));
  });
});
