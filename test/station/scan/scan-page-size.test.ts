/**
 * Page size of scanned pages: the resolution the scanner was asked for (scanimage --resolution)
 * travels with each PNM page, so SANE's test backend, 80 × 100 mm at 150 dpi, gives an 80 × 100 mm
 * PDF page (it was a 210 × 263 mm page guessed from an A4 width).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { guessDpi } from '../../../station/src/pipeline/stages/decode.ts';
import { pdfImagesList } from '../../support/pdf-tools.ts';
import { killAll, runNode, STATION_BIN } from '../../support/real-processes.ts';
import { renderPdfPage } from '../../support/page-likeness.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('scan-size-')));
afterEach(() => killAll());
afterAll(() => cleanup());

const MM = 72 / 25.4;

describe('station scan: the page size is the scanned area', () => {
  for (const [dpi, mode] of [[150, 'gray'], [100, 'color']] as const) {
    it(`SANE test backend, 80 × 100 mm at ${dpi} dpi ${mode}: 80 × 100 mm pages`, async () => {
      const dir = path.join(root, `${dpi}-${mode}`);
      await mkdir(dir, { recursive: true });
      const out = path.join(dir, 'documente');
      const env = { STATION_DATA_DIR: path.join(dir, 'data'), LANG: 'C.UTF-8' };
      const r = await runNode(STATION_BIN, ['scan', '--device', 'test:0', '--source', 'adf', '--resolution', String(dpi), '--mode', mode, '--out', out, '--json'], { env, cwd: dir });
      expect(r.stderr, r.stdout.slice(-2000)).toBe('');
      expect(r.code).toBe(0);
      const pdf = path.join(out, 'unassigned.pdf');
      const images = await pdfImagesList(pdf);
      expect(images.length).toBeGreaterThan(0);
      for (const img of images) {
        expect(img.xppi).toBe(dpi);
        expect(img.yppi).toBe(dpi);
      }
      for (const page of [1, images.length]) {
        const p = await renderPdfPage(pdf, page, 20);
        expect(Math.abs(p.widthPt - 80 * MM), `page ${page} width`).toBeLessThan(1.5);
        expect(Math.abs(p.heightPt - 100 * MM), `page ${page} height`).toBeLessThan(1.5);
      }
    });
  }
});

describe('guessDpi: only when nothing states the resolution', () => {
  it('recognises a paper by its proportions, at any resolution', () => {
    expect(guessDpi(2480, 3508, 0)).toBe(300); // A4
    expect(guessDpi(1654, 2339, 0)).toBe(200);
    expect(guessDpi(3508, 2480, 0)).toBe(300); // A4 landscape
    expect(guessDpi(2480, 3500, 0)).toBe(300); // A4, the feeder cut a few lines
    expect(guessDpi(1700, 2200, 0)).toBe(200); // Letter
    expect(guessDpi(1240, 1754, 0)).toBe(150); // A5 at 212 or A4 at 150: A4 comes first
  });

  it('never stretches an image to a paper it does not fit: 80 × 100 mm at 150 dpi is not taken for A4', () => {
    const dpi = guessDpi(472, 591, 0);
    expect((472 / dpi) * 25.4).toBeLessThan(150); // not 210 mm wide
    expect(dpi).toBe(300);
    expect(guessDpi(9000, 12000, 0) * (420 / 25.4)).toBeGreaterThanOrEqual(12000); // a huge image stays within A3
  });

  it('the configured assumedDpi wins over any guess', () => {
    expect(guessDpi(472, 591, 150)).toBe(150);
  });
});
