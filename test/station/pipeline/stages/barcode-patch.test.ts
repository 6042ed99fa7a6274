/**
 * Stage «barcode» with a patch-code separator (`--separator PATCHT`): a real Patch T read from its bars
 * (no Code 39 text on the sheet) is the generic separator PATCHT, fed either way round; another patch
 * is not; without a PATCH value configured the bars are not even looked at; a registration number on
 * the same sheet wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { drawBarcode, toJpeg, type GrayCanvas } from '../../../support/make-pages.ts';
import { patchSheet } from '../../../support/patch-preview.ts';

const cfg = () => loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } });
let withPatch: PageContext;
let plain: PageContext;
beforeAll(async () => {
  withPatch = await makePageContext(cfg(), ['PATCHT']);
  plain = await makePageContext(cfg(), []);
});
afterAll(async () => {
  await closePageContext(withPatch);
  await closePageContext(plain);
});

let seq = 0;
async function analyze(c: GrayCanvas, ctx: PageContext, skewDeg = 0) {
  const raw: RawPage = { seq: seq++, origin: { file: '/in/p.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'p.jpg', source: { format: 'jpeg', bytes: new Uint8Array(await toJpeg(c.noise(2), 85, { skewDeg })) } };
  return analyzePage(raw, ctx);
}

describe('stage barcode: patch codes', () => {
  it('a Patch T sheet is the separator PATCHT, fed either way round, skewed too (300 dpi)', async () => {
    expect((await analyze(patchSheet(300, 'T'), withPatch)).separator).toEqual({ kind: 'generic', value: 'PATCHT' });
    expect((await analyze(patchSheet(300, 'T').rotated(180), withPatch)).separator).toEqual({ kind: 'generic', value: 'PATCHT' });
    const skewed = await analyze(patchSheet(300, 'T'), withPatch, 2);
    expect(skewed.separator).toEqual({ kind: 'generic', value: 'PATCHT' });
    expect(skewed.barcode).toMatchObject({ state: 'found', barcodes: [{ text: 'PATCHT', format: 'PatchCode' }] });
  });

  it('Patch 2 is not PATCHT; without a PATCH separator value the bars are not a separator', async () => {
    expect((await analyze(patchSheet(200, '2'), withPatch)).separator).toBeNull();
    expect((await analyze(patchSheet(200, 'T'), plain)).separator).toBeNull();
  });

  it('the fixture batch generic-patcht split by its Patch T bars alone (Code 39 not read): every document right', async () => {
    const { compareWithTruth } = await import('../../../../station/src/cli/demo-command.ts');
    const { expandInputs } = await import('../../../../station/src/inputs/expand-inputs.ts');
    const { runBatch } = await import('../../../../station/src/pipeline/pipeline.ts');
    const { makeTempDir } = await import('../../../support/temp-dirs.ts');
    const { readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const dir = path.resolve('fixtures/samples/generic-patcht');
    const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8'));
    const { dir: work, cleanup } = await makeTempDir('patch-batch-');
    const c = { ...cfg(), barcodeFormats: ['Code128', 'QRCode', 'DataMatrix'] };
    const ctx = await makePageContext(c, ['PATCHT']);
    try {
      const summary = await runBatch(await expandInputs([dir]), ctx, c, { batchId: 'patch', outDir: path.join(work, 'out'), duplex: truth.options.duplex, removeBlank: truth.options.removeBlank, genericSeparators: ['PATCHT'], concurrency: 2 });
      expect(summary.separators.map((x) => [x.value, x.format])).toEqual([['PATCHT', 'PatchCode'], ['PATCHT', 'PatchCode'], ['PATCHT', 'PatchCode']]);
      expect(compareWithTruth(summary, truth)).toEqual([]);
    } finally {
      await closePageContext(ctx);
      await cleanup();
    }
  });

  it('a registration number on the same sheet wins over its Patch T', async () => {
    const c = patchSheet(200, 'T', false);
    await drawBarcode(c, { value: '84512/27.09.2021', format: 'Code128', at: { x: 0.2, y: 0.4 } });
    expect((await analyze(c, withPatch)).separator).toEqual({ kind: 'registration', id: '84512/27.09.2021' });
  });
});
