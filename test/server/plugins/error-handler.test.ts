import { afterEach, describe, expect, it } from 'vitest';
import { logSink } from '../helpers/log-sink.ts';
import { batchReport, startTestApp, type TestApp } from '../helpers/test-app.ts';

describe('error handling', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close().catch(() => undefined);
    t = undefined;
  });

  it('answers 500 INTERNAL with a generic message and logs the details only', async () => {
    const sink = logSink();
    t = await startTestApp({ logger: { level: 'info', destination: sink.stream } });
    const token = await t.addStation('st-a');
    // A real internal failure: the database goes away under the running server.
    t.app.db.close();
    const response = await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'b-1') });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'Eroare internă a serverului. Încercați din nou mai târziu.' } });
    expect(text).not.toMatch(/database|sqlite|stack|at /i);
    const failure = sink.lines().find((l) => l.msg === 'request failed');
    expect(JSON.stringify(failure)).toMatch(/database connection is not open/);
  });
});
