/**
 * `inkBeside` (stage «barcode»): the ink on a separator page beside its symbol and what is printed
 * around it, through the real decode and blank stages. What `separation: auto` tells a separator
 * sheet (this station's, or a third party's: a symbol and its number) from a labelled first page by;
 * measured only under `separation: auto`.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { buildSeparatorsPdf } from '../../../../station/src/separators/build-separators-pdf.ts';
import { isSeparatorSheet, type SymbolLook } from '../../../../station/src/barcode/ink-beside-symbol.ts';
import { GrayCanvas, contentPage, drawBarcode, separatorPage, textLine, toJpeg, type GrayCanvas as Canvas } from '../../../support/make-pages.ts';
import { labelledPage, labelledSparsePage } from '../../../support/make-labels.ts';
import { makeTempDir } from '../../../support/temp-dirs.ts';

const run = promisify(execFile);
let ctx: PageContext;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ctx = await makePageContext({ ...loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), separation: 'auto' }, []);
  ({ dir, cleanup } = await makeTempDir('ink-beside-'));
});
afterAll(async () => {
  await closePageContext(ctx);
  await cleanup();
});

let seq = 0;
function raw(bytes: Uint8Array, label: string, format: 'jpeg' | 'png' = 'jpeg'): RawPage {
  return { seq: seq++, origin: { file: `/in/${label}`, pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label, source: { format, bytes } as RawPage['source'] };
}
async function inkBeside(c: Canvas, label: string, skewDeg = 0): Promise<SymbolLook | undefined> {
  const out = await analyzePage(raw(new Uint8Array(await toJpeg(c, 85, { skewDeg })), label), ctx);
  expect(out.separator, label).toEqual({ kind: 'registration', id: '84512/27.09.2021' });
  return out.beside;
}
const ID = '84512/27.09.2021';

/** A third party's separator: the symbol and its number, nothing else. */
async function bareSeparator(dpi: number): Promise<GrayCanvas> {
  const c = GrayCanvas.a4(dpi);
  await drawBarcode(c, { value: ID, format: 'Code128', at: { x: 0.25, y: 0.3 } });
  textLine(c, c.width * 0.35, c.height * 0.3 + 18 * c.ppmm, 16, 3, { glyphMm: 5 });
  return c.noise(3);
}

describe('ink beside the separator symbol', () => {
  for (const dpi of [200, 300]) {
    it(`separator sheets measure below the threshold, labelled pages above (${dpi} dpi)`, async () => {
      const sheets: [string, SymbolLook | undefined][] = [
        ['test sheet', await inkBeside(await separatorPage(dpi, { value: ID, format: 'Code128' }), 'sep.jpg')],
        ['bare sheet', await inkBeside(await bareSeparator(dpi), 'bare.jpg')],
      ];
      const labels: [string, SymbolLook | undefined][] = [
        ['label right', await inkBeside(await labelledPage(dpi, 1, { value: ID, modulePx: dpi === 300 ? 3 : 2 }), 'l1.jpg')],
        ['label left sideways', await inkBeside(await labelledPage(dpi, 2, { value: ID, modulePx: dpi === 300 ? 4 : 3, corner: 'left', rotate: 90 }), 'l2.jpg')],
        ['label skewed', await inkBeside(await labelledPage(dpi, 3, { value: ID, modulePx: 3 }), 'l3.jpg', 2)],
        ['label, 6 lines of text', await inkBeside(await labelledPage(dpi, 4, { value: ID, modulePx: 3 }, { lines: 6 }), 'l4.jpg')],
        ['label, sparse page', await inkBeside(await labelledSparsePage(dpi, 5, { value: ID, modulePx: 3 }), 'l5.jpg')],
      ];
      for (const [name, v] of sheets) expect(isSeparatorSheet(v!), name).toBe(true);
      for (const [name, v] of labels) expect(isSeparatorSheet(v!), name).toBe(false);
    });
  }

  for (const [dpi, patchT] of [[300, true], [200, false]] as const) {
    it(`the sheets \`station separators\` prints (${dpi} dpi${patchT ? ', Patch T' : ''}) are sheets`, async () => {
      const pdf = path.join(dir, `sep-${dpi}.pdf`);
      await writeFile(pdf, (await buildSeparatorsPdf([
        { registrationNumber: ID, department: 'Direcția Relații cu Publicul și Arhivă, Serviciul Stare Civilă', expectedSheets: 1, date: '2021-09-27', notes: null, line: 2 },
      ], { patchT })).bytes);
      await run('pdftoppm', ['-r', String(dpi), '-gray', '-png', pdf, path.join(dir, `sep-${dpi}`)]);
      const png = (await readdir(dir)).find((f) => f.startsWith(`sep-${dpi}`) && f.endsWith('.png'))!;
      const out = await analyzePage(raw(new Uint8Array(await readFile(path.join(dir, png))), 'station-sep.png', 'png'), ctx);
      expect(out.separator).toEqual({ kind: 'registration', id: ID });
      expect(isSeparatorSheet(out.beside!)).toBe(true);
    });
  }

  it('a page without a separator is not measured', async () => {
    const out = await analyzePage(raw(new Uint8Array(await toJpeg(await contentPage(200, 9))), 'c.jpg'), ctx);
    expect(out.separator).toBeNull();
    expect(out.beside).toBeUndefined();
  });

  it('a separator sheet is not measured when separation is not auto (sheet, the default: nothing decides by it)', async () => {
    const sheetCtx = await makePageContext(loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), []);
    try {
      const out = await analyzePage(raw(new Uint8Array(await toJpeg(await bareSeparator(200))), 'sep.jpg'), sheetCtx);
      expect(out.separator).toEqual({ kind: 'registration', id: ID });
      expect(out.beside).toBeUndefined();
    } finally {
      await closePageContext(sheetCtx);
    }
  });
});
