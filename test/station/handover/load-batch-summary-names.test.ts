/** A summary.json read for the handover lists follows the shared id/file-name rule (as the server does). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { loadBatchSummary } from '../../../station/src/handover/load-batch-summary.ts';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(tmpdir(), 'summary-names-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

const doc = { id: '1/01.10.2021', file: '1_01.10.2021.pdf', pages: 2, sheets: 1, sha256: 'x', flags: [] };

async function failure(documents: unknown[]): Promise<string> {
  const file = path.join(dir, 'summary.json');
  await writeFile(file, JSON.stringify({ batchId: 'B1', documents }));
  try {
    await loadBatchSummary(file);
  } catch (err) {
    if (isStationError(err, 'INPUT_CORRUPT')) return err.message.replace(file, 'FILE');
    throw err;
  }
  throw new Error('accepted');
}

describe('loadBatchSummary: hostile ids and file names', () => {
  it.each([
    [{ ...doc, id: '1/01.10.2021\u202Efdp.exe' }, 'numărul conține caracterul U+202E (de control, invizibil sau de schimbare a direcției textului)'],
    [{ ...doc, id: '\u200B1/01.10.2021' }, 'numărul conține caracterul U+200B (de control, invizibil sau de schimbare a direcției textului)'],
    [{ ...doc, id: ' 1/01.10.2021' }, 'numărul are spații la început sau la sfârșit'],
    [{ ...doc, id: 'x'.repeat(65) }, 'numărul este prea lung (65 caractere; cel mult 64)'],
    [{ ...doc, file: '../../etc/passwd' }, 'numele fișierului conține un separator de dosar („/” sau „\\”)'],
    [{ ...doc, file: '..' }, 'numele fișierului conține „..”'],
  ])('refuses %j', async (bad, why) => {
    expect(await failure([doc, bad])).toBe(`Rezumatul lotului FILE nu poate fi folosit: documentul nr. 2: ${why}.`);
  });

  it('an empty document (file null) is fine', async () => {
    const file = path.join(dir, 'summary.json');
    await writeFile(file, JSON.stringify({ documents: [{ ...doc, file: null, pages: 0, sha256: null }] }));
    expect((await loadBatchSummary(file)).documents).toHaveLength(1);
  });
});
