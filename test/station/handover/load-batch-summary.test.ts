import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBatchSummary } from '../../../station/src/handover/load-batch-summary.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'summary-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = { id: '1/01.10.2021', file: '1_01.10.2021.pdf', pages: 2, sheets: 1, sha256: 'x', flags: [] };

async function write(value: unknown): Promise<string> {
  const file = path.join(dir, 'summary.json');
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

describe('loadBatchSummary', () => {
  it('reads documents, batch id, a borderou path relative to the summary, and a usable reconciliation', async () => {
    const reconciliation = { matched: [{ registrationNumber: '1/01.10.2021', department: 'Urbanism', documents: [] }], unexpected: [] };
    const b = await loadBatchSummary(await write({ batchId: 'B1', documents: [doc], borderou: 'b.csv', reconciliation }));
    expect(b.batchId).toBe('B1');
    expect(b.documents).toEqual([{ id: '1/01.10.2021', file: '1_01.10.2021.pdf', pages: 2, sheets: 1, flags: [] }]);
    expect(b.borderouPath).toBe(path.join(dir, 'b.csv'));
    expect(b.reconciliation?.matched).toHaveLength(1);
  });

  it('ignores a reconciliation without the parts a handover needs', async () => {
    const b = await loadBatchSummary(await write({ documents: [doc], reconciliation: { expected: 1, missing: [] } }));
    expect(b.reconciliation).toBeNull();
    expect(b.borderouPath).toBeNull();
  });

  it.each([
    ['not JSON', '{ nope', /JSON/],
    ['no documents', { pagesIn: 1 }, /documents/],
    ['a bad document', { documents: [{ ...doc, pages: -1 }] }, /documentul nr\. 1/],
    ['a document without id', { documents: [doc, { pages: 1, sheets: 1, file: null }] }, /documentul nr\. 2/],
  ])('%s → INPUT_CORRUPT', async (_name, value, message) => {
    await expect(loadBatchSummary(await write(value))).rejects.toMatchObject({ code: 'INPUT_CORRUPT', message: expect.stringMatching(message) });
  });

  it('a missing file → INPUT_NOT_FOUND', async () => {
    await expect(loadBatchSummary(path.join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
  });
});
