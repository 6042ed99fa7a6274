/**
 * The bench's limit (bench/decode-limit.ts): the fastest of sharp's resize to the preview's scale,
 * libjpeg's DCT scaling to it (the file as `page.jpg[shrink=N]`) and the full decode of the same run,
 * with that route's own CPU a page — sharp's resize to 1/2 is a full decode and a reduce, so the DCT
 * route is the faster at 200 dpi. And the decode child's figures (bench/decode-child.ts): every page
 * counted at every route, DCT-scaled sizes floor(width / N), four pages decoded at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { chooseLimit, type DecodeFigures, limitRoute, limitRoutes, routeName } from '../../bench/decode-limit.ts';
import { spawn } from '../../station/src/exec/spawn-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** 200 pages: ms and CPU ms for all of them on each route. */
const figures = (scales: Record<string, [ms: number, cpuMs: number]>): DecodeFigures => ({
  pages: 200,
  scales: Object.fromEntries(Object.entries(scales).map(([k, [ms, cpuMs]]) => [k, { ms, cpuMs }])),
  peakRssMb: 100,
});

describe('chooseLimit', () => {
  it('takes the DCT-scaled file when it is the fastest (1 Dec 2026, colour 200 dpi), with its own CPU and every candidate\'s', () => {
    const l = chooseLimit(figures({ 8: [1489, 2000], 4: [1553, 2400], 2: [2326, 4000], dct2: [1300, 1700], 1: [1963, 3500] }), 2);
    expect(l.route).toBe('dct');
    expect(l.pagesPerSecond).toBeCloseTo(200_000 / 1300, 6);
    expect(l.cpuMsPerPage).toBeCloseTo(1700 / 200, 6);
    expect(l.preview).toEqual({ pagesPerSecond: 200_000 / 2326, cpuMsPerPage: 4000 / 200 });
    expect(l.dct).toEqual({ pagesPerSecond: 200_000 / 1300, cpuMsPerPage: 1700 / 200 });
    expect(l.full).toEqual({ pagesPerSecond: 200_000 / 1963, cpuMsPerPage: 3500 / 200 });
    expect(limitRoute(l)).toBe('1/2 DCT (fastest of 1/2 resize, 1/2 DCT, full decode)');
  });

  it('takes the full decode when it is faster than both routes to the preview\'s scale (stop 23\'s 200 dpi figures, no DCT route then)', () => {
    const l = chooseLimit(figures({ 8: [1489, 2000], 4: [1553, 2400], 2: [2326, 4000], dct2: [2100, 3600], 1: [1963, 3500] }), 2);
    expect(l.route).toBe('full');
    expect(l.pagesPerSecond).toBeCloseTo(200_000 / 1963, 6);
    expect(l.cpuMsPerPage).toBeCloseTo(3500 / 200, 6);
    expect(limitRoute(l)).toBe('full decode (fastest of 1/2 resize, 1/2 DCT, full decode)');
  });

  it('takes the resize when it is the fastest (1/4 at 300 dpi), with its own CPU', () => {
    const l = chooseLimit(figures({ 8: [2000, 3000], 4: [2500, 4600], dct4: [2600, 4700], 1: [4600, 7400] }), 4);
    expect(l.route).toBe('resize');
    expect(l.pagesPerSecond).toBeCloseTo(80, 6);
    expect(l.cpuMsPerPage).toBeCloseTo(23, 6);
    expect(l.full?.pagesPerSecond).toBeCloseTo(200_000 / 4600, 6);
    expect(limitRoute(l)).toBe('1/4 resize (fastest of 1/4 resize, 1/4 DCT, full decode)');
  });

  it('keeps the earlier route on a tie (resize, DCT, full), and takes only what was measured', () => {
    expect(chooseLimit(figures({ 2: [2000, 4000], dct2: [2000, 3000], 1: [2000, 3000] }), 2).route).toBe('resize');
    expect(chooseLimit(figures({ 2: [2100, 4000], dct2: [2000, 3000], 1: [2000, 3000] }), 2).route).toBe('dct');
    const alone = chooseLimit(figures({ 4: [2500, 4600] }), 4);
    expect(alone.route).toBe('resize');
    expect(alone.full).toBeNull();
    expect(alone.dct).toBeNull();
    expect(limitRoute(alone)).toBe('1/4 resize');
  });

  it('is the full decode when the preview is the full scale, and refuses figures without the preview\'s scale', () => {
    const l = chooseLimit(figures({ 1: [2000, 3000] }), 1);
    expect(l.route).toBe('full');
    expect(limitRoute(l)).toBe('full decode');
    expect(() => chooseLimit(figures({ 1: [2000, 3000], dct2: [1000, 1000] }), 2)).toThrow(/1\/2/);
  });
});

it('the routes measured for a preview: 1/8, 1/4 and the preview\'s scale both ways, and the full decode', () => {
  expect(limitRoutes(2)).toEqual(['8', '4', '2', 'dct8', 'dct4', 'dct2', '1']);
  expect(limitRoutes(4)).toEqual(['8', '4', 'dct8', 'dct4', '1']);
  expect(['1', '4', 'dct2'].map(routeName)).toEqual(['full', '1/4', '1/2 DCT']);
});

it('decode-child counts every page\'s pixels on every route (DCT-scaled: floor(width / N)), four pages decoded at once', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'decode-child-'));
  try {
    for (let i = 0; i < 12; i++) {
      await sharp({ create: { width: 65, height: 49, channels: 3, background: { r: 20 * i, g: 100, b: 200 - 10 * i } } })
        .jpeg({ quality: 85 }).toFile(path.join(dir, `page-${String(i).padStart(3, '0')}.jpg`));
    }
    const run = await spawn(process.execPath, ['--import', 'tsx', 'bench/decode-child.ts', dir, '4', '1,2,dct2,dct4'], { cwd: ROOT, timeoutMs: 120_000 });
    expect(run.exitCode, run.stderrTail).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as DecodeFigures;
    expect(out.pages).toBe(12);
    expect(out.scales['1']!.megapixels).toBeCloseTo((12 * 65 * 49) / 1e6, 9);
    // the resize rounds (33 × 25), libjpeg's scaling as libvips hands it out floors (32 × 24, 16 × 12)
    expect(out.scales['2']!.megapixels).toBeCloseTo((12 * 33 * 25) / 1e6, 9);
    expect(out.scales['dct2']!.megapixels).toBeCloseTo((12 * 32 * 24) / 1e6, 9);
    expect(out.scales['dct4']!.megapixels).toBeCloseTo((12 * 16 * 12) / 1e6, 9);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
