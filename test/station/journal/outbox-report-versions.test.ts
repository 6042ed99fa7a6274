/**
 * Journal migration 010: a corrected batch's report queued before reports carried their version
 * (refused by the registry as a CONFLICT, waiting for the clerk) gets its summary's version and goes
 * back in the queue by itself; then the real registry server records it as the batch's version 2.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { createOutbox } from '../../../station/src/journal/outbox-repository.ts';
import { silentLogger } from '../../../station/src/log/logger.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { deliverDue } from '../../../station/src/report/outbox-sender.ts';
import { RegistryClient } from '../../../station/src/report/registry-client.ts';
import { splitSummary, startRegistry, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let registry: RegistryApp;
beforeEach(async () => {
  tmp = await makeTempDir('journal-versions-');
  registry = await startRegistry();
});
afterEach(async () => {
  await registry.close();
  await tmp.cleanup();
});

describe('journal migration 010 (outbox report versions)', () => {
  it('gives a stuck corrected report its version and queues it again; untouched otherwise; the registry takes it', async () => {
    const token = await registry.addStation('statia-1');
    const client = new RegistryClient({ url: registry.base, token });
    const dataDir = path.join(tmp.dir, 'data');
    let db = openJournal(dataDir);
    const journal = createBatchJournal(db);
    const outbox = createOutbox(db);
    const v1 = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 3)]);
    journal.start({ id: 'lot-1', kind: 'split', outDir: '/out/lot-1', options: {} });
    journal.complete('lot-1', JSON.stringify(v1), () => outbox.enqueue('lot-1', batchReportFrom(v1, 'statia-1')));
    expect((await deliverDue(outbox, client, silentLogger(), { stationName: 'statia-1' })).delivered).toEqual(['lot-1']);
    // corrected as it was done before: the summary says version 2, the queued report does not
    const v2 = { ...splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 1), summaryDocument('84513/27.09.2021', 1)]), version: 2 };
    const { version: _v, ...unversioned } = batchReportFrom(v2, 'statia-1');
    journal.complete('lot-1', JSON.stringify(v2), () => outbox.resend('lot-1', unversioned));
    const refused = await deliverDue(outbox, client, silentLogger(), { stationName: 'statia-1' });
    expect(refused.attention).toEqual(['lot-1']); // 409 CONFLICT: a second report for the batch
    // another batch, uncorrected and waiting, must not change
    const other = splitSummary('lot-2', [summaryDocument('84514/27.09.2021', 1)]);
    journal.start({ id: 'lot-2', kind: 'split', outDir: '/out/lot-2', options: {} });
    journal.complete('lot-2', JSON.stringify(other), () => outbox.enqueue('lot-2', batchReportFrom(other, 'statia-1')));
    const otherBefore = outbox.get('lot-2');

    // the station is upgraded: the migration runs on the next opening
    db.prepare('DELETE FROM schema_migrations WHERE version = 10').run();
    db.close();
    db = openJournal(dataDir);
    const after = createOutbox(db);
    expect(after.get('lot-1')).toMatchObject({ attentionAt: null, problems: [], deliveredAt: null });
    expect((after.get('lot-1')!.payload as { version?: number }).version).toBe(2);
    expect(after.get('lot-2')).toEqual(otherBefore);
    const sent = await deliverDue(after, client, silentLogger(), { stationName: 'statia-1' });
    expect(sent.delivered).toEqual(['lot-1', 'lot-2']);
    expect(registry.count("SELECT version FROM batches WHERE batch_id = 'lot-1'")).toBe(2);
    expect(registry.count('SELECT COUNT(*) FROM batch_versions')).toBe(3);
    db.close();
  });
});
