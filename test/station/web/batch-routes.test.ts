/**
 * GET /api/batches/:id over real HTTP: a batch not ended sends the warnings the journal kept so far
 * (code and words only, never the file's path); an ended one sends its summary, whose warnings are
 * the batch's, and not the journal's list besides.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING } from '../../../station/src/web/outbox-words.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';

let ui: RunningUi;
let cleanup: () => Promise<void>;
let root: string;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-batch-routes-'));
  ui = await startUi(path.join(root, 'data'));
});
afterAll(async () => {
  await ui?.close();
  await cleanup();
});

const get = async (url: string) => {
  const res = await rawRequest(ui.port, 'GET', url, { host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret });
  expect(res.status).toBe(200);
  return JSON.parse(res.body) as { summary: { warnings: unknown[] } | null; warnings?: unknown[]; outbox?: { reason: string | null } | null; batches?: { id: string; outboxReason: string | null }[] };
};

describe('GET /api/batches/:id and the batch\'s warnings', () => {
  it('a batch not ended: the journal\'s warnings so far, code and words only; an ended one: its summary\'s, no second list', async () => {
    const { journal } = ui.station;
    const w = { code: 'INPUT_SKIPPED', message: 'Fișierul „nota.txt” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat.' };
    for (const id of ['lot-in-lucru', 'lot-incheiat']) {
      journal.start({ id, kind: 'scan', outDir: path.join(root, id), options: {} });
      journal.addWarning(id, { ...w, file: '/ghiseu/nota.txt' });
    }
    journal.complete('lot-incheiat', JSON.stringify({ batchId: 'lot-incheiat', pagesIn: 0, documents: [], warnings: [w] }));

    const running = await get('/api/batches/lot-in-lucru');
    expect(running.summary).toBeNull();
    expect(running.warnings).toEqual([w]);

    const ended = await get('/api/batches/lot-incheiat');
    expect(ended.summary?.warnings).toEqual([w]);
    expect(ended.warnings).toBeUndefined(); // the old route read and sent the journal's too
  });
});

describe('GET /api/batches/:id and /api/batches: a report the registry lost', () => {
  it('says why it waits again, in the outbox page\'s words (it said nothing: no error on it)', async () => {
    const { journal, outbox } = ui.station;
    journal.start({ id: 'lot-pierdut', kind: 'split', outDir: path.join(root, 'lot-pierdut'), options: {} });
    journal.complete('lot-pierdut', JSON.stringify({ batchId: 'lot-pierdut', pagesIn: 0, documents: [], warnings: [] }), () => outbox.enqueue('lot-pierdut', { batchId: 'lot-pierdut' }));
    outbox.markDelivered('lot-pierdut', new Date('2026-11-30T08:00:00.000Z'), 'ghiseu-1');
    expect(outbox.markMissing(['lot-pierdut'], new Date('2026-11-30T09:00:00.000Z'))).toEqual(['lot-pierdut']);

    expect((await get('/api/batches/lot-pierdut')).outbox?.reason).toBe(MISSING.reason);
    expect((await get('/api/batches')).batches?.find((b) => b.id === 'lot-pierdut')?.outboxReason).toBe(MISSING.reason);
  });
});
