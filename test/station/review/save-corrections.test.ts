/**
 * Corrections saved on a real split batch: a missed separator (the rule did not take 84514, so
 * its sheet and its page went into 84513) is turned back into a separator. Only the affected
 * PDFs are rewritten; the replaced file is kept under versiuni/; summary.json gets version 2 and
 * the list of corrections; the journal records them and the outbox holds the corrected report.
 * Plus the corrections themselves: each refused when it makes no sense, undo by replay.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { createCorrectionsJournal } from '../../../station/src/journal/batch-corrections.ts';
import { applyCorrection } from '../../../station/src/review/corrections.ts';
import { loadReviewState, replay, saveCorrections } from '../../../station/src/review/save-corrections.ts';
import { pdfinfo } from '../../support/pdf-tools.ts';
import { checkSummary, REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const pdfPageCount = async (f: string) => Number((await pdfinfo(f)).Pages);
const RULE = /^\d{1,8}\/\d{2}\.\d{2}\.\d{4}$/u;
let root: string;
let cleanup: () => Promise<void>;
let station: StationContext;
let truth: Truth;
let outDir: string;
const batchId = 'lot-corectat';

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('corrections-'));
  truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  const dataDir = path.join(root, 'data');
  outDir = path.join(root, 'documente');
  const inputs = truth.images.map((i) => path.join(SAMPLE, i.file));
  // a rule that misses 84514: its separator sheet and its page end up inside 84513
  const r = await runSplit([...inputs, '--out', outDir, '--batch-id', batchId, '--separator-pattern', '^8451[235]/\\d{2}\\.\\d{2}\\.\\d{4}$'], { cwd: root, dataDir });
  expect(r.stderr).toBe('');
  station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
});
afterAll(async () => {
  station?.close();
  await cleanup();
});

describe('corrections on a layout (pure, undo by replay)', () => {
  it('refuses what makes no sense and changes nothing', async () => {
    const state = await loadReviewState(station, batchId);
    const l = state.layout;
    expect(l.documents.map((d) => [d.id, d.pages])).toEqual([['84512/27.09.2021', [1, 2]], ['84513/27.09.2021', [4, 5, 6]], ['84515/27.09.2021', [8, 9]]]);
    expect(() => applyCorrection(l, { type: 'split', seq: 4, id: '84599/27.09.2021' }, RULE)).toThrow(/deja prima pagină/);
    expect(() => applyCorrection(l, { type: 'split', seq: 5, id: '../../x' }, RULE)).toThrow(/nu este un număr de înregistrare valid/);
    expect(() => applyCorrection(l, { type: 'merge', key: 'd0' }, RULE)).toThrow(/primul din lot/);
    expect(() => applyCorrection(l, { type: 'to-content', seq: 4 }, RULE)).toThrow(/nu este un separator/);
    expect(() => applyCorrection(l, { type: 'restore-blank', seq: 4 }, RULE)).toThrow(/nu este o pagină albă/);
    expect(l.documents[1]!.pages).toEqual([4, 5, 6]);
  });

  it('every correction keeps every page in exactly one place; undo is the list without its last entry', async () => {
    const state = await loadReviewState(station, batchId);
    const steps = [
      { type: 'split', seq: 5, id: '84514/27.09.2021' },
      { type: 'rotate', seq: 6, degrees: 90 },
      { type: 'take-out', seq: 9 },
      { type: 'to-content', seq: 7 },
      { type: 'merge', key: 'd2' },
      { type: 'change-id', key: 'n0', id: '84516/27.09.2021' },
      { type: 'move', seq: 2, toKey: 'd1' },
    ] as const;
    for (let k = 1; k <= steps.length; k++) replay(state, steps.slice(0, k) as never, RULE); // checkLayout after each
    const l = replay(state, steps as never, RULE);
    expect(l.documents.map((d) => [d.id, d.pages])).toEqual([['84512/27.09.2021', [1]], ['84513/27.09.2021', [2, 4]], ['84516/27.09.2021', [5, 6, 7, 8]]]);
    expect(l.removed).toEqual([9]);
    expect(l.rotations).toEqual({ 6: 90 });
    const undone = replay(state, steps.slice(0, -1) as never, RULE);
    expect(undone.documents[0]!.pages).toEqual([1, 2]);
  });
});

describe('«Salvează corecturile»', () => {
  it('rewrites only the affected PDFs, keeps the replaced one, writes summary v2, the journal and the corrected report', async () => {
    const before = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    expect(compareWithTruth(before, truth)).not.toEqual([]);
    const untouched = await stat(path.join(outDir, '84512_27.09.2021.pdf'));

    const saved = await saveCorrections(station, batchId, [{ type: 'to-separator', seq: 5, id: '84514/27.09.2021' }], RULE);

    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary & { version: number; corrections: { what: string; at: string }[] };
    expect(s).toEqual(JSON.parse(JSON.stringify(saved)));
    await checkSummary(outDir, s);
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect(s.version).toBe(2);
    expect(s.corrections).toEqual([expect.objectContaining({ what: 'Pagina 6 devine separator pentru 84514/27.09.2021', at: expect.any(String) })]);
    expect(s.separators.find((x) => x.seq === 5)).toMatchObject({ value: '84514/27.09.2021', format: 'operator' });
    // a document of the batch keeps how it began, the rewritten one (84513) too; the clerk's new one says nothing
    expect(s.documents.map((d) => [d.id, d.startedBy])).toEqual([['84512/27.09.2021', 'sheet'], ['84513/27.09.2021', 'sheet'], ['84514/27.09.2021', undefined], ['84515/27.09.2021', 'sheet']]);
    // only 84513 (now one page) and 84514 (new) were written; 84512 is the very same file
    expect((await stat(path.join(outDir, '84512_27.09.2021.pdf'))).mtimeMs).toBe(untouched.mtimeMs);
    expect(await pdfPageCount(path.join(outDir, '84513_27.09.2021.pdf'))).toBe(1);
    expect(await pdfPageCount(path.join(outDir, '84514_27.09.2021.pdf'))).toBe(1);
    expect(await readdir(path.join(outDir, 'versiuni', 'v1'))).toEqual(['84513_27.09.2021.pdf']);
    expect(await pdfPageCount(path.join(outDir, 'versiuni', 'v1', '84513_27.09.2021.pdf'))).toBe(3);
    expect((await readdir(outDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    expect(createCorrectionsJournal(station.db).list(batchId)).toEqual([expect.objectContaining({ version: 2, kind: 'to-separator', what: 'Pagina 6 devine separator pentru 84514/27.09.2021' })]);
    expect(JSON.parse(station.journal.get(batchId)!.summaryJson!)).toMatchObject({ version: 2 });
    const item = station.outbox.get(batchId)!;
    expect(item.deliveredAt).toBeNull();
    expect((item.payload as { documents: { id: string }[] }).documents.map((d) => d.id)).toEqual(truth.documents.map((d) => d.id));
    // the corrected batch reads back as the layout it was saved as
    const again = await loadReviewState(station, batchId);
    expect(again.layout.documents.map((d) => d.pages)).toEqual([[1, 2], [4], [6], [8, 9]]);
  });
  it('a crash in the middle of the save (one PDF renamed in, the other not) is finished when the batch is opened again', async () => {
    const crashOut = path.join(root, 'documente-2');
    const inputs = truth.images.map((i) => path.join(SAMPLE, i.file));
    const r = await runSplit([...inputs, '--out', crashOut, '--batch-id', 'lot-intrerupt', '--separator-pattern', '^8451[235]/\\d{2}\\.\\d{2}\\.\\d{4}$'], { cwd: root, dataDir: path.join(root, 'data') });
    expect(r.stderr).toBe('');
    const crash = new Error('power cut');
    await expect(saveCorrections(station, 'lot-intrerupt', [{ type: 'to-separator', seq: 5, id: '84514/27.09.2021' }], RULE, {
      afterStep: (step) => { if (step === 'rename 84513_27.09.2021.pdf') throw crash; },
    })).rejects.toBe(crash);
    // half done: the new 84513 is in, 84514 is still a temporary file, summary.json is the old one
    expect(JSON.parse(await readFile(path.join(crashOut, 'summary.json'), 'utf8')).version).toBeUndefined();
    expect((await readdir(crashOut)).some((f) => f.endsWith('.tmp'))).toBe(true);

    const again = await loadReviewState(station, 'lot-intrerupt'); // opening the batch finishes the save
    expect(again.summary.version).toBe(2);
    const s = JSON.parse(await readFile(path.join(crashOut, 'summary.json'), 'utf8')) as SplitSummary;
    await checkSummary(crashOut, s);
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect(await pdfPageCount(path.join(crashOut, 'versiuni', 'v1', '84513_27.09.2021.pdf'))).toBe(3);
    expect((await readdir(crashOut)).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(createCorrectionsJournal(station.db).list('lot-intrerupt')).toHaveLength(1);
  });
});
