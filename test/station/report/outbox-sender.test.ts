/**
 * The outbox sender over a real journal file and the real registry server (in-process, real HTTP):
 * backoff, delivery in order, already-recorded after a lost answer, stopping at an unreachable
 * server, permanent refusals kept, a wrong token fixed later, two passes of a process taking turns
 * (the loop, runSender: outbox-sender-loop.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JournalDb } from '../../../station/src/journal/open-journal.ts';
import type { Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { backoffMs, deliverAndReconcile, deliverDue } from '../../../station/src/report/outbox-sender.ts';
import { startOutboxWithRegistry, type OutboxWithRegistry } from '../../support/outbox-with-registry.ts';
import { freePort, splitSummary, summaryDocument } from '../../support/registry-app.ts';

const log = silentLogger();

describe('backoffMs', () => {
  const fixed = (v: number) => () => v;

  it('doubles from 2 s per attempt and stops growing at 15 minutes (random fixed at the middle)', () => {
    const mid = Array.from({ length: 13 }, (_, a) => backoffMs(a, fixed(0.5)));
    expect(mid).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000, 900_000, 900_000, 900_000]);
    expect(backoffMs(1_000_000, fixed(0.5))).toBe(900_000);
  });

  it('jitter spreads the delay between 75 % and 125 % of the step', () => {
    expect(backoffMs(0, fixed(0))).toBe(1_500);
    expect(backoffMs(0, fixed(0.999999))).toBe(2_500);
    expect(backoffMs(3, fixed(0))).toBe(12_000);
    expect(backoffMs(20, fixed(0))).toBe(675_000);
    expect(backoffMs(20, fixed(0.999999))).toBe(900_000); // jitter never goes past the 15-minute cap
  });

  it('never shrinks as attempts grow, for any fixed random', () => {
    for (const r of [0, 0.3, 0.7, 0.999]) {
      const seq = Array.from({ length: 30 }, (_, a) => backoffMs(a, fixed(r)));
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
      expect(Math.max(...seq)).toBeLessThanOrEqual(1_125_000);
    }
  });

  it('uses Math.random by default and stays within the band', () => {
    for (let i = 0; i < 50; i++) {
      const v = backoffMs(2);
      expect(v).toBeGreaterThanOrEqual(6_000);
      expect(v).toBeLessThanOrEqual(10_000);
    }
  });
});

describe('deliverDue', () => {
  let env: OutboxWithRegistry;
  let db: JournalDb;
  let outbox: Outbox;

  beforeEach(async () => {
    env = await startOutboxWithRegistry({ prefix: 'outbox-sender-' });
    ({ db, outbox } = env);
  });
  afterEach(() => env.close());

  const queue = (id: string) => env.queue(id);
  const recorded = (id: string) => env.recorded(id);
  const client = (url?: string, token?: string) => env.client(url, token);

  it('delivers every due report in order, marks it delivered, and the server has each once', async () => {
    queue('lot-1');
    queue('lot-2');
    queue('lot-3');
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1' });
    expect(result).toEqual({ delivered: ['lot-1', 'lot-2', 'lot-3'], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 });
    for (const id of ['lot-1', 'lot-2', 'lot-3']) {
      expect(outbox.get(id)).toMatchObject({ attempts: 1, lastError: null, deliveredAt: expect.any(String) });
      expect(recorded(id)).toBe(1);
    }
    expect(env.registry.count('SELECT COUNT(*) FROM documents')).toBe(6);
    // nothing left: a second run sends nothing
    expect(await deliverDue(outbox, client(), log, { stationName: 'statia-1', all: true })).toEqual({ delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 });
    expect(env.registry.count('SELECT COUNT(*) FROM batches')).toBe(3);
  });

  it('a report the server already has (the answer was lost) is marked delivered as already-recorded', async () => {
    const report = queue('lot-1');
    await client().sendBatch(report); // the server recorded it, the station never heard back
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1' });
    expect(result).toEqual({ delivered: [], alreadyRecorded: ['lot-1'], superseded: [], failed: [], attention: [], pending: 0 });
    expect(outbox.get('lot-1')!.deliveredAt).not.toBeNull();
    expect(recorded('lot-1')).toBe(1);
  });

  it('server unreachable: stops at the first report, schedules its next attempt with backoff, leaves the rest untouched', async () => {
    queue('lot-1');
    queue('lot-2');
    queue('lot-3');
    const port = await freePort();
    const now = new Date();
    const result = await deliverDue(outbox, client(`http://127.0.0.1:${port}`), log, { stationName: 'statia-1', now });
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([{ batchId: 'lot-1', code: 'SERVER_UNREACHABLE', message: expect.stringContaining('nu poate fi contactat'), retryable: true }]);
    expect(result.pending).toBe(3);

    const first = db.prepare('SELECT attempts, last_error AS lastError, next_attempt_at AS next FROM outbox WHERE batch_id = ?').get('lot-1') as { attempts: number; lastError: string; next: string };
    expect(first.attempts).toBe(1);
    expect(first.lastError).toMatch(/^SERVER_UNREACHABLE: /);
    const delay = Date.parse(first.next) - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(1_500); // backoffMs(0): 2 s ± 25 %
    expect(delay).toBeLessThanOrEqual(2_500);
    expect(outbox.get('lot-2')).toMatchObject({ attempts: 0, lastError: null });
    expect(outbox.get('lot-3')).toMatchObject({ attempts: 0, lastError: null });
    // lot-1 is no longer due now; lot-2 and lot-3 are
    expect(outbox.due(now).map((i) => i.batchId)).toEqual(['lot-2', 'lot-3']);
    expect(outbox.due(new Date(Date.parse(first.next))).map((i) => i.batchId)).toEqual(['lot-1', 'lot-2', 'lot-3']);

    // a second failure backs off further
    await deliverDue(outbox, client(`http://127.0.0.1:${port}`), log, { stationName: 'statia-1', now: new Date(Date.parse(first.next)) });
    const second = db.prepare('SELECT attempts, next_attempt_at AS next FROM outbox WHERE batch_id = ?').get('lot-1') as { attempts: number; next: string };
    expect(second.attempts).toBe(2);
    const delay2 = Date.parse(second.next) - Date.parse(first.next);
    expect(delay2).toBeGreaterThanOrEqual(3_000); // backoffMs(1): 4 s ± 25 %
    expect(delay2).toBeLessThanOrEqual(5_000);

    // the server comes back: everything goes, once
    const later = new Date(Date.parse(second.next) + 1);
    const back = await deliverDue(outbox, client(), log, { stationName: 'statia-1', now: later });
    expect(back.delivered).toEqual(['lot-1', 'lot-2', 'lot-3']);
    expect(back.pending).toBe(0);
    expect(env.registry.count('SELECT COUNT(*) FROM batches')).toBe(3);
  });

  it('a permanent refusal (409) is set aside as needing attention (not retried blindly) and does not stop the others', async () => {
    const report = queue('lot-1');
    queue('lot-2');
    // the server already has another report under lot-1
    await client().sendBatch({ ...report, documents: [{ ...report.documents[0]!, pages: 99 }] });
    const now = new Date();
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1', now });
    expect(result.delivered).toEqual(['lot-2']);
    expect(result.failed).toEqual([{ batchId: 'lot-1', code: 'CONFLICT', message: expect.stringContaining('lot-1'), retryable: false }]);
    expect(result.attention).toEqual(['lot-1']);
    expect(result.pending).toBe(1);
    expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^CONFLICT: /), deliveredAt: null, attentionAt: expect.any(String) });
    // never due again on its own, not even with all: true (what `station sync` does)
    expect(outbox.due(new Date(now.getTime() + 365 * 86400_000))).toEqual([]);
    expect(outbox.nextDueAt()).toBeNull();
    expect((await deliverDue(outbox, client(), log, { stationName: 'statia-1', all: true })).failed).toEqual([]);
    expect(outbox.get('lot-1')!.attempts).toBe(1);
    expect(outbox.needingAttention().map((i) => i.batchId)).toEqual(['lot-1']);
    expect(outbox.waiting()).toEqual([]);
  });

  it('a corrected report (version 2, as the review page resends it) is delivered after version 1: the server holds both', async () => {
    queue('lot-1');
    expect((await deliverDue(outbox, client(), log, { stationName: 'statia-1' })).delivered).toEqual(['lot-1']);
    const corrected = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 1), summaryDocument('84514/27.09.2021', 1), summaryDocument('84513/27.09.2021', 1)]);
    outbox.resend('lot-1', batchReportFrom({ ...corrected, version: 2 }, 'statia-1'));
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1' });
    expect(result).toEqual({ delivered: ['lot-1'], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 });
    expect(env.registry.count("SELECT version FROM batches WHERE batch_id = 'lot-1'")).toBe(2);
    expect(env.registry.count('SELECT COUNT(*) FROM batch_versions')).toBe(2);
    expect(env.registry.count('SELECT COUNT(*) FROM documents')).toBe(3);
    // sent again (the answer was lost): already recorded, nothing doubled
    outbox.resend('lot-1', batchReportFrom({ ...corrected, version: 2 }, 'statia-1'));
    expect((await deliverDue(outbox, client(), log, { stationName: 'statia-1' })).alreadyRecorded).toEqual(['lot-1']);
    expect(env.registry.count('SELECT COUNT(*) FROM documents')).toBe(3);
  });

  it('a report the server already has in a newer version is delivered-superseded: done, not needing attention, never retried', async () => {
    const v1 = queue('lot-1');
    queue('lot-2');
    // the server already got version 3 of lot-1 (e.g. the journal was restored from an older copy)
    await client().sendBatch({ ...v1, version: 3, documents: [v1.documents[0]!] });
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1' });
    expect(result).toEqual({ delivered: ['lot-2'], alreadyRecorded: [], superseded: ['lot-1'], failed: [], attention: [], pending: 0 });
    expect(outbox.get('lot-1')).toMatchObject({ deliveredAt: expect.any(String), attentionAt: null, lastError: expect.stringMatching(/^REPORT_SUPERSEDED: Registratura are deja versiunea 3/) });
    expect(outbox.needingAttention()).toEqual([]);
    expect(outbox.nextDueAt()).toBeNull();
    // the server kept its version 3
    expect(env.registry.count("SELECT version FROM batches WHERE batch_id = 'lot-1'")).toBe(3);
    expect(env.registry.count("SELECT COUNT(*) FROM documents d JOIN batches b ON b.id = d.batch_ref WHERE b.batch_id = 'lot-1'")).toBe(1);
  });

  it('a report addressed to another station (403) needs attention; sent again under the right name it is delivered', async () => {
    queue('lot-1');
    const refused = await deliverDue(outbox, client(), log, { stationName: 'statie', all: true });
    expect(refused.failed.map((f) => [f.code, f.retryable])).toEqual([['FORBIDDEN', false]]);
    expect(outbox.needingAttention().map((i) => i.batchId)).toEqual(['lot-1']);
    expect(recorded('lot-1')).toBe(0);
    expect(outbox.requeue('lot-1')).toBe(true);
    const ok = await deliverDue(outbox, client(), log, { stationName: 'statia-1', all: true });
    expect(ok.delivered).toEqual(['lot-1']);
    expect(env.registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-1'")).toBe(1);
  });

  it('a report the server finds invalid (400) keeps the server\'s problem list for the clerk', async () => {
    const summary = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 2)]);
    env.journal.start({ id: 'lot-1', kind: 'split', outDir: '/out/lot-1', options: {} });
    const report = batchReportFrom(summary, 'statia-1');
    env.journal.complete('lot-1', JSON.stringify(summary), () => outbox.enqueue('lot-1', { ...report, pagesIn: -5 }));
    const result = await deliverDue(outbox, client(), log, { stationName: 'statia-1' });
    expect(result.failed.map((f) => [f.code, f.retryable])).toEqual([['VALIDATION_FAILED', false]]);
    const item = outbox.get('lot-1')!;
    expect(item.attentionAt).not.toBeNull();
    expect(item.problems.length).toBeGreaterThan(0);
    expect(item.problems[0]!.reason).not.toBe('');
  });

  it('wrong token: every report fails UNAUTHORIZED (retryable, the loop goes on); once the token is fixed delivery resumes', async () => {
    queue('lot-1');
    queue('lot-2');
    const now = new Date();
    const bad = await deliverDue(outbox, client(undefined, 'sst_token_gresit'), log, { stationName: 'statia-1', now });
    expect(bad.failed.map((f) => [f.batchId, f.code, f.retryable])).toEqual([['lot-1', 'UNAUTHORIZED', true], ['lot-2', 'UNAUTHORIZED', true]]);
    expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/^UNAUTHORIZED: .*401/) });
    const next = outbox.nextDueAt()!;
    expect(next.getTime() - now.getTime()).toBeGreaterThanOrEqual(1_500);
    expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(2_500);
    expect(recorded('lot-1') + recorded('lot-2')).toBe(0);

    // the token is fixed in the configuration: before the next attempt is due nothing is sent…
    expect(await deliverDue(outbox, client(), log, { stationName: 'statia-1', now })).toEqual({ delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 2 });
    // …and when it is due, both go through
    const fixed = await deliverDue(outbox, client(), log, { stationName: 'statia-1', now: new Date(now.getTime() + 3_000) });
    expect(fixed).toEqual({ delivered: ['lot-1', 'lot-2'], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 });
    expect(recorded('lot-1') + recorded('lot-2')).toBe(2);
  });

  it('all: true sends postponed reports too (what `station sync` does)', async () => {
    queue('lot-1');
    outbox.markFailed('lot-1', 'SERVER_UNREACHABLE: x', new Date(Date.now() + 3600_000));
    expect((await deliverDue(outbox, client(), log, { stationName: 'statia-1' })).delivered).toEqual([]);
    expect((await deliverDue(outbox, client(), log, { stationName: 'statia-1', all: true })).delivered).toEqual(['lot-1']);
  });

  it('an aborted signal sends nothing', async () => {
    queue('lot-1');
    const ac = new AbortController();
    ac.abort();
    expect(await deliverDue(outbox, client(), log, { stationName: 'statia-1', signal: ac.signal })).toEqual({ delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 1 });
    expect(outbox.get('lot-1')!.attempts).toBe(0);
    expect(recorded('lot-1')).toBe(0);
  });

  it('two passes at once over one outbox (the web app\'s loop and a batch\'s end) take turns: the report goes out once', async () => {
    queue('lot-1');
    // both started in the same tick: the second reads the queue only after the first has recorded its delivery
    const [loop, batchEnd] = await Promise.all([
      deliverAndReconcile(outbox, client(), log, { stationName: 'statia-1' }),
      deliverAndReconcile(outbox, client(), log, { stationName: 'statia-1', all: true }),
    ]);
    expect(loop.result.delivered).toEqual(['lot-1']);
    // old code: both read lot-1 as waiting and both sent it (the second answered already-recorded)
    expect(batchEnd.result).toMatchObject({ delivered: [], alreadyRecorded: [], failed: [], pending: 0 });
    expect(outbox.get('lot-1')).toMatchObject({ attempts: 1, deliveredAt: expect.any(String) });
    expect(recorded('lot-1')).toBe(1);
  });
});
