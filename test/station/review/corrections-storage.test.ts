/**
 * «Salvează corecturile» on a colour batch stored `auto-bitonal` (issue 16): the PDFs it rewrites
 * keep each page in the form the batch stored it — gray pages gray, black-and-white pages G4,
 * colour pages the scanner's own JPEG — image for image the same bytes as the first writing (made
 * from the scan once, not re-encoded from the stored copy, and not back to the scan's colour).
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { saveCorrections } from '../../../station/src/review/save-corrections.ts';
import { pdfImagesExtract, pdfImagesList } from '../../support/pdf-tools.ts';
import { checkSummary, runSplit, sha256, writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const RULE = /^\d{1,8}\/\d{2}\.\d{2}\.\d{4}$/u;
const CASES = ['gray-pink', 'red-stamp', 'gray-white', 'blue-signature'];
let root: string;
let cleanup: () => Promise<void>;
let station: StationContext;
let outDir: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('corrections-storage-'));
  const inDir = path.join(root, 'in');
  await mkdir(inDir, { recursive: true });
  const files: [string, Uint8Array][] = [];
  for (const [i, name] of CASES.entries()) {
    const c = colourCases().find((x) => x.name === name)!;
    files.push([`p0${i + 1}-${name}.jpg`, await colourPageJpeg({ ...c.spec, dpi: 200, seed: name })]);
  }
  await writeInputs(inDir, files);
  const dataDir = path.join(root, 'data');
  outDir = path.join(root, 'documente');
  // the station's configuration stays `original`: the batch was split with --storage auto-bitonal
  const r = await runSplit([inDir, '--out', outDir, '--batch-id', 'lot-color', '--storage', 'auto-bitonal'], { cwd: root, dataDir });
  expect(r.stderr).toBe('');
  station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
});
afterAll(async () => {
  station?.close();
  await cleanup();
});

/** Each page's image in a PDF: encoding, components, and its bytes' hash. */
async function images(pdf: string): Promise<[string, number, string][]> {
  const list = await pdfImagesList(pdf);
  // JPEG and G4 streams as they are in the PDF (a G4 image also gets a .params file: left out)
  const raw = (await pdfImagesExtract(pdf, ['-j', '-ccitt'])).filter((f) => !f.name.endsWith('.params'));
  return list.map((row, i) => [row.enc, row.comp, sha256(raw[i]!.bytes)]);
}

describe('corrections on a batch stored auto-bitonal', () => {
  it('rewrites each page in the form the batch stored it, byte for byte', async () => {
    const before = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    // no separators: the four pages wait in unassigned.pdf, each stored by its colour decision
    expect(before.unassigned?.pages).toBe(4);
    const forms = before.pageColour!.map((p) => p.stored);
    expect(forms).toEqual(['gray', 'original', 'bitonal', 'original']);
    const firstWriting = await images(path.join(outDir, 'unassigned.pdf'));
    expect(firstWriting.map(([enc, comp]) => [enc, comp])).toEqual([['jpeg', 1], ['jpeg', 3], ['ccitt', 1], ['jpeg', 3]]);

    // the clerk turns a page, and takes the second page for the separator of the last two: both PDFs are written anew
    const s = await saveCorrections(station, 'lot-color', [{ type: 'rotate', seq: 2, degrees: 90 }, { type: 'to-separator', seq: 1, id: '120/03.10.2024' }], RULE);
    await checkSummary(outDir, s);
    expect(s.documents.map((d) => [d.id, d.pages])).toEqual([['120/03.10.2024', 2]]);
    expect(s.unassigned?.pages).toBe(1);
    const rewritten = [...(await images(path.join(outDir, 'unassigned.pdf'))), ...(await images(path.join(outDir, s.documents[0]!.file!)))];
    expect(rewritten).toEqual([firstWriting[0], firstWriting[2], firstWriting[3]]);
    expect(s.pageColour).toEqual(before.pageColour);
  }, 120_000);
});
