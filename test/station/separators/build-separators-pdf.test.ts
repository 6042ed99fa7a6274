import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { buildSeparatorsPdf } from '../../../station/src/separators/build-separators-pdf.ts';
import { PT_PER_INCH, PT_PER_MM, A4 } from '../../../station/src/separators/separator-geometry.ts';

const run = promisify(execFile);

const entries: BorderouEntry[] = [
  { registrationNumber: '84512/27.09.2021', department: 'Direcția Relații cu Publicul', expectedSheets: 2, date: '2021-09-27', notes: 'Ion Popescu, CNP 1800101223344', line: 2 },
  { registrationNumber: '12345678/01.10.2021', department: 'Serviciul Stare Civilă', expectedSheets: null, date: '2021-10-01', notes: null, line: 3 },
  { registrationNumber: '7/27.09.2021', department: 'Înregistrări și Arhivă — Țesături, Școli', expectedSheets: 1, date: '2021-09-28', notes: 'tel. 0721000000', line: 4 },
];

let dir: string;
let pdf: string;
let layouts: Awaited<ReturnType<typeof buildSeparatorsPdf>>['layouts'];
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'separators-'));
  pdf = path.join(dir, 'sep.pdf');
  const built = await buildSeparatorsPdf(entries, { patchT: true });
  layouts = built.layouts;
  await writeFile(pdf, built.bytes);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pageText(page: number): Promise<string> {
  const { stdout } = await run('pdftotext', ['-f', String(page), '-l', String(page), '-enc', 'UTF-8', pdf, '-']);
  return stdout;
}

describe('separator sheets', () => {
  it('one A4 page per document, in borderou order, with number, date and department in correct Romanian', async () => {
    const { stdout: info } = await run('pdfinfo', [pdf]);
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const texts = await Promise.all([1, 2, 3].map(pageText));
    expect(texts[0]).toContain('84512/27.09.2021');
    expect(texts[0]).toContain('Data înregistrării: 27.09.2021');
    expect(texts[0]).toContain('Direcția Relații cu Publicul');
    expect(texts[0]).toContain('poziția 1 din 3');
    expect(texts[1]).toContain('12345678/01.10.2021');
    expect(texts[1]).toContain('Serviciul Stare Civilă');
    expect(texts[2]).toContain('Data: 28.09.2021'); // the borderou's date differs from the registration date (27.09)
    expect(texts[2]).toContain('Înregistrări și Arhivă — Țesături, Școli');
    const all = texts.join('\n');
    expect(all).not.toMatch(/[şţŞŢ]/u); // comma-below, never cedilla
    expect(all).toContain('Se scoate după scanare');
  });

  it('prints no personal data: the notes column never reaches the sheet', async () => {
    const { stdout } = await run('pdftotext', [pdf, '-']);
    expect(stdout).not.toContain('Popescu');
    expect(stdout).not.toContain('1800101223344');
    expect(stdout).not.toContain('0721000000');
    const raw = (await readFile(pdf)).toString('latin1');
    expect(raw).not.toContain('Popescu');
  });

  it('the barcode has modules of at least 0.5 mm and quiet zones of at least 10 modules inside the page', () => {
    for (const { barcode } of layouts) {
      expect(barcode.module).toBeGreaterThanOrEqual(0.5 * PT_PER_MM);
      expect(barcode.quiet).toBeGreaterThanOrEqual(10 * barcode.module);
      expect(barcode.x - barcode.quiet).toBeGreaterThanOrEqual(0);
      expect(barcode.x + barcode.width + barcode.quiet).toBeLessThanOrEqual(A4.width);
      expect(barcode.height).toBeGreaterThanOrEqual(25 * PT_PER_MM);
    }
  });

  it('the printed barcode sits where the layout says, with clear quiet zones and bars of at least 4 px at 200 dpi', async () => {
    const prefix = path.join(dir, 'q');
    await run('pdftoppm', ['-r', '200', '-gray', '-png', '-f', '1', '-l', '1', pdf, prefix]);
    const { data, info } = await sharp(`${prefix}-1.png`).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const { barcode } = layouts[0]!;
    const px = (pt: number): number => Math.round((pt / PT_PER_INCH) * 200);
    const row = px(barcode.top + barcode.height / 2);
    const line = Array.from({ length: info.width }, (_, x) => data[row * info.width + x]! < 128);
    const first = line.indexOf(true);
    const last = line.lastIndexOf(true);
    expect(Math.abs(first - px(barcode.x))).toBeLessThanOrEqual(1);
    expect(Math.abs(last + 1 - px(barcode.x + barcode.width))).toBeLessThanOrEqual(1);
    // the narrowest bar is one module: 0.03″ → 6 px at 200 dpi
    let narrowest = Infinity;
    for (let x = first, run = 0; x <= last + 1; x++) {
      if (line[x]) run++;
      else if (run > 0) (narrowest = Math.min(narrowest, run)), (run = 0);
    }
    expect(narrowest).toBeGreaterThanOrEqual(4);
    expect(first).toBeGreaterThanOrEqual(10 * narrowest);
    expect(info.width - 1 - last).toBeGreaterThanOrEqual(10 * narrowest);
  });

  it('Patch T: four bars 0101 (2 mm / 5 mm) within 3.75″ of either short edge, at least 2″ long', async () => {
    const prefix = path.join(dir, 'p');
    await run('pdftoppm', ['-r', '200', '-gray', '-png', '-f', '2', '-l', '2', pdf, prefix]);
    const { data, info } = await sharp(`${prefix}-2.png`).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    const dark = (x: number, y: number): boolean => data[y * info.width + x]! < 128;
    const column = Math.round(0.75 * 200);
    const runsFrom = (edge: 'top' | 'bottom'): Array<{ start: number; length: number }> => {
      const runs: Array<{ start: number; length: number }> = [];
      const limit = Math.round(3.75 * 200);
      for (let d = 0; d < limit; d++) {
        const y = edge === 'top' ? d : info.height - 1 - d;
        if (!dark(column, y)) continue;
        const last = runs.at(-1);
        if (last && last.start + last.length === d) last.length++;
        else runs.push({ start: d, length: 1 });
      }
      return runs;
    };
    for (const edge of ['top', 'bottom'] as const) {
      const runs = runsFrom(edge);
      expect(runs, edge).toHaveLength(4);
      const inches = runs.map((r) => r.length / 200);
      const pattern = inches.map((w) => (w > 0.14 ? 1 : 0)).join('');
      expect(pattern, edge).toBe('0101');
      for (const w of inches) expect(Math.abs(w - (w > 0.14 ? 0.2 : 0.08)), edge).toBeLessThan(0.015);
      const total = (runs[3]!.start + runs[3]!.length - runs[0]!.start) / 200;
      expect(Math.abs(total - 0.8), edge).toBeLessThan(0.015);
      expect(runs[0]!.start / 200).toBeGreaterThanOrEqual(0.25);
      // bar length: measured along the middle of the first wide bar
      const mid = runs[1]!.start + Math.floor(runs[1]!.length / 2);
      const y = edge === 'top' ? mid : info.height - 1 - mid;
      let length = 0;
      for (let x = 0; x < info.width; x++) if (dark(x, y)) length++;
      expect(length / 200).toBeGreaterThanOrEqual(2);
      // quiet zone: nothing printed for ten narrow widths past the pattern
      const after = runs[3]!.start + runs[3]!.length;
      let inked = 0;
      for (let d = after + 2; d < after + 0.8 * 200; d++) {
        const yy = edge === 'top' ? d : info.height - 1 - d;
        for (let x = 0; x < info.width; x++) if (dark(x, yy)) inked++;
      }
      expect(inked, `${edge} quiet zone`).toBe(0);
    }
  });

  it('without --patch-t there are no patch bars', async () => {
    const plain = await buildSeparatorsPdf(entries.slice(0, 1));
    expect(plain.layouts[0]!.patches).toEqual([]);
  });

  it('refuses an empty list', async () => {
    await expect(buildSeparatorsPdf([])).rejects.toMatchObject({ code: 'CSV_INVALID' });
  });
});
