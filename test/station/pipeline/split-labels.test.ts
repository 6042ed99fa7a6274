/**
 * `station split --separation label|auto` end to end on generated batches (real JPEG files, real
 * zxing-wasm, output checked with poppler): registration labels (Code 128, module 2–4 px, near a top
 * corner, upright, sideways, skewed, faded) start documents and are kept as their first pages; in auto,
 * separator sheets are dropped beside them; distractor barcodes never split; every page accounted for.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { blankBack, contentPage, separatorPage, toJpeg, type GrayCanvas } from '../../support/make-pages.ts';
import { labelledPage, labelledSparsePage, type LabelSpec } from '../../support/make-labels.ts';
import { readPdfMarks } from '../../support/pdf-tools.ts';
import { checkSummary, runSplit, writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('split-labels-')));
afterAll(() => cleanup());

type PageSpec = [name: string, page: Promise<GrayCanvas>, skewDeg?: number];

async function splitBatch(name: string, pages: PageSpec[], args: string[]): Promise<{ out: string; summary: SplitSummary }> {
  const files = await Promise.all(pages.map(async ([n, p, skew]) => [n, new Uint8Array(await toJpeg(await p, 85, { skewDeg: skew }))] as [string, Uint8Array]));
  const inDir = path.join(root, name, 'in');
  await mkdir(inDir, { recursive: true });
  await writeInputs(inDir, files);
  const out = path.join(root, name, 'out');
  const res = await runSplit([inDir, '--out', out, '--json', ...args], { cwd: path.join(root, name), dataDir: path.join(root, name, 'data') });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return { out, summary: JSON.parse(res.stdout) as SplitSummary };
}

async function marksOf(out: string, s: SplitSummary): Promise<Record<string, number[]>> {
  const marks: Record<string, number[]> = {};
  for (const f of [...s.documents.flatMap((d) => (d.file ? [d.file] : [])), ...(s.unassigned ? [s.unassigned.file] : [])]) marks[f] = await readPdfMarks(path.join(out, f));
  return marks;
}
const docs = (s: SplitSummary) => s.documents.map((d) => [d.id, d.startedBy, d.pages]);
const warningCodes = (s: SplitSummary) => s.warnings.map((w) => [w.code, w.seq]);
const label = (value: string, modulePx: number, more: Partial<LabelSpec> = {}): LabelSpec => ({ value, modulePx, ...more });
const invoiceQr = { value: 'https://www.anaf.ro/verificare?factura=FAC-2021-00042&suma=1250.00', format: 'QRCode' as const, at: { x: 0.72, y: 0.82 }, moduleMm: 0.5 };

describe('separation label, 300 dpi: labels start documents and stay their first pages', () => {
  let out: string;
  let summary: SplitSummary;
  beforeAll(async () => {
    ({ out, summary } = await splitBatch('label-300', [
      ['p01.jpg', labelledPage(300, 1, label('84512/27.09.2021', 3))],
      ['p02.jpg', contentPage(300, 2, { barcodes: [invoiceQr] })],
      ['p03.jpg', labelledPage(300, 3, label('1203/28.09.2021', 4, { rotate: 90 }))],
      ['p04.jpg', contentPage(300, 4, { barcodes: [{ value: '84512/27.09.21', format: 'Code128', at: { x: 0.3, y: 0.84 } }] })],
      // the same label again (an annex stamped with the same number): no new document, a warning
      ['p05.jpg', labelledPage(300, 5, label('1203/28.09.2021', 3))],
      // faded and skewed
      ['p06.jpg', labelledPage(300, 6, label('77/29.09.2021', 3, { ink: 110 })), 2],
      ['p07.jpg', contentPage(300, 7)],
      ['p08.jpg', labelledPage(300, 8, label('5/30.09.2021', 2, { rotate: 270 })), -1.5],
    ], ['--separation', 'label']));
  });

  it('finds every label and nothing else, each document started by its label', () => {
    expect(docs(summary)).toEqual([
      ['84512/27.09.2021', 'label', 2],
      ['1203/28.09.2021', 'label', 3],
      ['77/29.09.2021', 'label', 2],
      ['5/30.09.2021', 'label', 1],
    ]);
    expect(summary).toMatchObject({ pagesIn: 8, separatorPages: 0, blankPages: 0, unassigned: null, separators: [], options: { separation: 'label' } });
  });

  it('keeps the labelled pages in their PDFs, in scan order, and accounts for every page', async () => {
    // a skewed page (p06, p08) is stored as scanned, turned: its mark is not where readPdfMarks looks (0)
    expect(await marksOf(out, summary)).toEqual({
      '84512_27.09.2021.pdf': [1, 2],
      '1203_28.09.2021.pdf': [3, 4, 5],
      '77_29.09.2021.pdf': [0, 7],
      '5_30.09.2021.pdf': [0],
    });
    await checkSummary(out, summary);
  });

  it('names the page with the repeated label', () => {
    expect(warningCodes(summary)).toEqual([['REPEATED_LABEL', 4]]);
    expect(summary.warnings[0]!.message).toContain('p05.jpg: eticheta 1203/28.09.2021 apare din nou în același document');
  });
});

describe('separation auto, 200 dpi: a mixed batch of separator sheets and labels', () => {
  let out: string;
  let summary: SplitSummary;
  beforeAll(async () => {
    ({ out, summary } = await splitBatch('auto-200', [
      ['p01.jpg', contentPage(200, 1)],
      ['p02.jpg', separatorPage(200, { value: '84512/27.09.2021', format: 'Code128' })],
      ['p03.jpg', contentPage(200, 2)],
      ['p04.jpg', labelledPage(200, 3, label('1203/28.09.2021', 3))],
      ['p05.jpg', contentPage(200, 4, { barcodes: [invoiceQr] })],
      ['p06.jpg', separatorPage(200, { value: '77/29.09.2021', format: 'Code128' }), 2],
      // its first page carries the same number on a label: one document, no warning
      ['p07.jpg', labelledPage(200, 5, label('77/29.09.2021', 3))],
      ['p08.jpg', contentPage(200, 6)],
      // a first page with only a date and a signature, and its label
      ['p09.jpg', labelledSparsePage(200, 7, label('5/30.09.2021', 3))],
      ['p10.jpg', separatorPage(200, { value: '6/30.09.2021', format: 'QRCode' }, { pageRotate: 180 })],
      ['p11.jpg', contentPage(200, 8)],
    ], ['--separation', 'auto']));
  });

  it('drops the sheets, keeps the labelled pages, and says how each document started', async () => {
    expect(docs(summary)).toEqual([
      ['84512/27.09.2021', 'sheet', 1],
      ['1203/28.09.2021', 'label', 2],
      ['77/29.09.2021', 'sheet', 2],
      ['5/30.09.2021', 'label', 1],
      ['6/30.09.2021', 'sheet', 1],
    ]);
    expect(summary.separators.map((s) => s.page)).toEqual(['p02.jpg', 'p06.jpg', 'p10.jpg']);
    expect(summary).toMatchObject({ pagesIn: 11, separatorPages: 3, blankPages: 0, unassigned: { pages: 1 } });
    expect(await marksOf(out, summary)).toEqual({
      '84512_27.09.2021.pdf': [2],
      '1203_28.09.2021.pdf': [3, 4],
      '77_29.09.2021.pdf': [5, 6],
      '5_30.09.2021.pdf': [7],
      '6_30.09.2021.pdf': [8],
      'unassigned.pdf': [1],
    });
    await checkSummary(out, summary);
  });

  it('warns only about the page before the first separator, naming it', () => {
    expect(warningCodes(summary)).toEqual([['UNASSIGNED_PAGES', 0]]);
    expect(summary.warnings[0]!.message).toBe('Pagina p01.jpg, dinaintea primului separator sau a primei etichete de înregistrare, a fost păstrată în unassigned.pdf pentru verificare.');
  });
});

describe('separation auto, 300 dpi duplex: a label on a back page, sheets with blank backs', () => {
  let out: string;
  let summary: SplitSummary;
  beforeAll(async () => {
    ({ out, summary } = await splitBatch('auto-duplex-300', [
      ['s01a.jpg', labelledPage(300, 1, label('1/02.01.2022', 3))],
      ['s01b.jpg', Promise.resolve(blankBack(300, { seed: 3 }))],
      ['s02a.jpg', contentPage(300, 2)],
      ['s02b.jpg', contentPage(300, 3)],
      ['s03a.jpg', contentPage(300, 4)],
      ['s03b.jpg', labelledPage(300, 5, label('2/02.01.2022', 3))],
      ['s04a.jpg', separatorPage(300, { value: '3/02.01.2022', format: 'Code128' })],
      ['s04b.jpg', Promise.resolve(blankBack(300, { seed: 4 }))],
      ['s05a.jpg', contentPage(300, 6)],
      ['s05b.jpg', Promise.resolve(blankBack(300, { seed: 5, bleedThrough: true }))],
    ], ['--separation', 'auto', '--duplex']));
  });

  it('starts the labelled document with the whole sheet whose back carries the label, and says so', async () => {
    expect(docs(summary)).toEqual([
      ['1/02.01.2022', 'label', 3],
      ['2/02.01.2022', 'label', 2],
      ['3/02.01.2022', 'sheet', 1],
    ]);
    expect(summary).toMatchObject({ pagesIn: 10, separatorPages: 2, blankPages: 2 });
    expect(await marksOf(out, summary)).toEqual({
      '1_02.01.2022.pdf': [1, 2, 3],
      '2_02.01.2022.pdf': [4, 5],
      '3_02.01.2022.pdf': [6],
    });
    expect(warningCodes(summary)).toEqual([['LABEL_ON_BACK', 5]]);
    expect(summary.warnings[0]!.message).toBe('Eticheta 2/02.01.2022 este pe verso (s03b.jpg); documentul 2/02.01.2022 începe cu toată foaia, de la fața s03a.jpg.');
    await checkSummary(out, summary);
  });
});
