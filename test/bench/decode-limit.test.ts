/**
 * The bench's limit (bench/decode-limit.ts): the faster of the decode at the preview's scale and the
 * full decode of the same run, with that route's own CPU a page — sharp's 1/2 is a full decode and a
 * reduce, so at 200 dpi the full decode is often the faster. And the decode child's figures
 * (bench/decode-child.ts): every page counted at every scale, with four pages decoded at once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { chooseLimit, type DecodeFigures, limitRoute } from '../../bench/decode-limit.ts';
import { spawn } from '../../station/src/exec/spawn-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** 200 pages: ms and CPU ms for all of them at each scale. */
const figures = (scales: Record<string, [ms: number, cpuMs: number]>): DecodeFigures => ({
  pages: 200,
  scales: Object.fromEntries(Object.entries(scales).map(([k, [ms, cpuMs]]) => [k, { ms, cpuMs }])),
  peakRssMb: 100,
});

describe('chooseLimit', () => {
  it('takes the full decode when it is faster than the preview\'s scale (sharp\'s 1/2), with its own CPU', () => {
    // stop 23's colour 200 dpi figures: full 101.9 pages/s, 1/2 86.0
    const l = chooseLimit(figures({ 8: [1489, 2000], 4: [1553, 2400], 2: [2326, 4000], 1: [1963, 3500] }), 2);
    expect(l.route).toBe(1);
    expect(l.pagesPerSecond).toBeCloseTo(200_000 / 1963, 6);
    expect(l.cpuMsPerPage).toBeCloseTo(3500 / 200, 6);
    expect(l.preview).toEqual({ pagesPerSecond: 200_000 / 2326, cpuMsPerPage: 4000 / 200 });
    expect(l.full).toEqual({ pagesPerSecond: 200_000 / 1963, cpuMsPerPage: 3500 / 200 });
    expect(limitRoute(l)).toBe('full decode (faster than 1/2)');
  });

  it('takes the preview\'s scale when it is the faster (1/4 at 300 dpi), with its own CPU', () => {
    const l = chooseLimit(figures({ 8: [2000, 3000], 4: [2500, 4600], 1: [4600, 7400] }), 4);
    expect(l.route).toBe(4);
    expect(l.pagesPerSecond).toBeCloseTo(80, 6);
    expect(l.cpuMsPerPage).toBeCloseTo(23, 6);
    expect(l.full?.pagesPerSecond).toBeCloseTo(200_000 / 4600, 6);
    expect(limitRoute(l)).toBe('1/4 (faster than full decode)');
  });

  it('keeps the preview\'s scale on a tie, and when the full decode was not measured', () => {
    expect(chooseLimit(figures({ 2: [2000, 4000], 1: [2000, 3000] }), 2).route).toBe(2);
    const alone = chooseLimit(figures({ 4: [2500, 4600] }), 4);
    expect(alone.route).toBe(4);
    expect(alone.full).toBeNull();
    expect(limitRoute(alone)).toBe('1/4');
  });

  it('is the full decode when the preview is the full scale, and refuses figures without the preview\'s scale', () => {
    const l = chooseLimit(figures({ 1: [2000, 3000] }), 1);
    expect(l.route).toBe(1);
    expect(limitRoute(l)).toBe('full decode');
    expect(() => chooseLimit(figures({ 1: [2000, 3000] }), 2)).toThrow(/1\/2/);
  });
});

it('decode-child counts every page\'s pixels at every scale, four pages decoded at once', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'decode-child-'));
  try {
    for (let i = 0; i < 12; i++) {
      await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20 * i, g: 100, b: 200 - 10 * i } } })
        .jpeg({ quality: 85 }).toFile(path.join(dir, `page-${String(i).padStart(3, '0')}.jpg`));
    }
    const run = await spawn(process.execPath, ['--import', 'tsx', 'bench/decode-child.ts', dir, '4', '1,2'], { cwd: ROOT, timeoutMs: 120_000 });
    expect(run.exitCode, run.stderrTail).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as DecodeFigures;
    expect(out.pages).toBe(12);
    expect(out.scales['1']!.megapixels).toBeCloseTo((12 * 64 * 48) / 1e6, 9);
    expect(out.scales['2']!.megapixels).toBeCloseTo((12 * 32 * 24) / 1e6, 9);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
