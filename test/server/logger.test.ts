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
});
