import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeG4 } from '../../../station/src/imaging/ccitt-g4-encode.ts';
import { packedToTiffG4, wrapPackedAsTiff } from '../../../station/src/imaging/g4-tiff-wrap.ts';
import { g4Passthrough, MAX_IFDS, parseTiff } from '../../../station/src/imaging/tiff-structure.ts';
import { isStationError, type ErrorCode, type StationError } from '../../../shared/src/errors.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** A packed PBM-convention page of random runs. */
function page(width: number, height: number, seed: number): Uint8Array {
  const r = rng(seed);
  const stride = Math.ceil(width / 8);
  const packed = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    let black = false;
    for (let x = 0; x < width; black = !black) {
      const end = Math.min(width, x + 1 + Math.floor(r() ** 2 * 90));
      for (; x < end; x++) if (black) packed[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return packed;
}

function expectError(code: ErrorCode, fn: () => unknown): StationError {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(isStationError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
  return error as StationError;
}

type Entry = [tag: number, type: number, values: number[]];
const SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 99: 1 }; // 99: a type no reader knows

/**
 * A hand-made TIFF for edge cases: header, a data blob at offset 8, then the IFDs in order.
 * `next` overrides the next-IFD pointer of each IFD (default: chain, 0 at the end).
 */
function buildTiff(ifds: Entry[][], opts: { big?: boolean; data?: Uint8Array; next?: (i: number, offsets: number[]) => number } = {}): Uint8Array {
  const le = !opts.big;
  const data = opts.data ?? new Uint8Array(16);
  const offsets: number[] = [];
  let at = 8 + data.length;
  for (const entries of ifds) {
    offsets.push(at);
    const extra = entries.reduce((n, [, type, v]) => n + (SIZES[type]! * v.length > 4 ? SIZES[type]! * v.length : 0), 0);
    at += 2 + entries.length * 12 + 4 + extra;
  }
  const out = new Uint8Array(at);
  const dv = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  dv.setUint16(2, 42, le);
  dv.setUint32(4, offsets[0] ?? 0, le);
  out.set(data, 8);
  const put = (p: number, type: number, v: number) => {
    if (SIZES[type] === 1) dv.setUint8(p, v);
    else if (type === 3) dv.setUint16(p, v, le);
    else if (type === 4) dv.setUint32(p, v, le);
    else { dv.setUint32(p, v, le); dv.setUint32(p + 4, 1, le); }
  };
  ifds.forEach((entries, i) => {
    const base = offsets[i]!;
    let extra = base + 2 + entries.length * 12 + 4;
    dv.setUint16(base, entries.length, le);
    entries.forEach(([tag, type, values], k) => {
      const p = base + 2 + k * 12;
      dv.setUint16(p, tag, le);
      dv.setUint16(p + 2, type, le);
      dv.setUint32(p + 4, values.length, le);
      const size = SIZES[type]!;
      let vp = p + 8;
      if (size * values.length > 4) {
        dv.setUint32(p + 8, extra, le);
        vp = extra;
        extra += size * values.length;
      }
      values.forEach((v, j) => put(vp + j * size, type, v));
    });
    const next = opts.next ? opts.next(i, offsets) : (offsets[i + 1] ?? 0);
    dv.setUint32(base + 2 + entries.length * 12, next, le);
  });
  return out;
}

/** The entries of a valid 10×4 G4 page whose 16-byte strip sits at offset 8. */
const basic = (more: Entry[] = []): Entry[] => {
  const entries: Entry[] = [
    [256, 3, [10]], [257, 3, [4]], [258, 3, [1]], [259, 3, [4]], [262, 3, [0]],
    [273, 4, [8]], [278, 4, [4]], [279, 4, [16]], ...more,
  ];
  return entries.sort((a, b) => a[0] - b[0]);
};

const hasTiffTools = spawnSync('tiffcp', [], { stdio: 'ignore' }).error === undefined;
const work = mkdtempSync(join(tmpdir(), 'tiff-structure-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tool(cmd: string, args: string[]): string {
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Runs `tiffcp <args> in... out` and returns the output bytes. */
function tiffcp(inputs: Uint8Array[], args: string[]): Uint8Array {
  const names = inputs.map((bytes, i) => {
    const name = join(work, `in-${i}.tif`);
    writeFileSync(name, bytes);
    return name;
  });
  const out = join(work, 'out.tif');
  tool('tiffcp', [...args, ...names, out]);
  return new Uint8Array(readFileSync(out));
}

function tiffinfo(bytes: Uint8Array): string {
  const name = join(work, 'info.tif');
  writeFileSync(name, bytes);
  return tool('tiffinfo', [name]);
}

describe('parseTiff', () => {
  it('reads the fields of a little-endian G4 page', () => {
    const [ifd, ...rest] = parseTiff(packedToTiffG4(page(203, 51, 1), 203, 51, { xDpi: 300, yDpi: 200 }));
    expect(rest).toHaveLength(0);
    expect(ifd).toMatchObject({
      width: 203, height: 51, bitsPerSample: [1], samplesPerPixel: 1, compression: 4, photometric: 0,
      fillOrder: 1, rowsPerStrip: 51, t4Options: 0, t6Options: 0, xResolution: 300, yResolution: 200,
      resolutionUnit: 2, predictor: 1, extraSamples: [],
    });
    expect(ifd!.tileWidth).toBeUndefined();
    expect(ifd!.stripOffsets).toHaveLength(1);
  });

  it('reads hand-made big-endian files the same as little-endian ones', () => {
    const entries = basic([[293, 4, [2]], [282, 5, [150]], [338, 3, [2]]]);
    const little = parseTiff(buildTiff([entries]));
    const big = parseTiff(buildTiff([entries], { big: true }));
    expect(big).toEqual(little);
    expect(big[0]).toMatchObject({ width: 10, height: 4, t6Options: 2, xResolution: 150, extraSamples: [2] });
  });

  it('applies the TIFF defaults for missing optional tags', () => {
    const [ifd] = parseTiff(buildTiff([basic().filter(([tag]) => tag !== 258 && tag !== 262 && tag !== 278)]));
    expect(ifd).toMatchObject({ bitsPerSample: [1], photometric: undefined, rowsPerStrip: 4, fillOrder: 1, compression: 4 });
  });

  it('ignores unknown tags even when their values point outside the file', () => {
    expect(parseTiff(buildTiff([basic([[40001, 99, [1]]])]))[0]!.width).toBe(10); // unknown type
    const bytes = buildTiff([basic([[40000, 4, [1, 2, 3]]])]);
    const p = 8 + 16 + 2 + 8 * 12; // entry 9 (tag 40000) follows the 8 basic ones
    new DataView(bytes.buffer).setUint32(p + 8, 0x7fffffff, true);
    expect(parseTiff(bytes)[0]!.width).toBe(10);
  });
});

describe.skipIf(!hasTiffTools)('parseTiff on files written by libtiff and libvips', () => {
  const packed = page(301, 77, 2);
  const raw = wrapPackedAsTiff(packed, 301, 77, { xDpi: 300, yDpi: 300 });

  it('agrees with tiffinfo on a big-endian multi-strip G4 file', () => {
    const bytes = tiffcp([raw], ['-B', '-c', 'g4', '-r', '16']);
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('MM');
    const [ifd] = parseTiff(bytes);
    const info = tiffinfo(bytes);
    expect(info).toContain(`Image Width: ${ifd!.width} Image Length: ${ifd!.height}`);
    expect(info).toContain('Compression Scheme: CCITT Group 4');
    expect(info).toContain('Photometric Interpretation: min-is-white');
    expect(info).toContain(`Rows/Strip: ${ifd!.rowsPerStrip}`);
    expect(info).toContain('Resolution: 300, 300 pixels/inch');
    expect(ifd).toMatchObject({ width: 301, height: 77, compression: 4, photometric: 0, rowsPerStrip: 16 });
    expect(ifd!.stripOffsets).toHaveLength(5);
    expect(ifd!.stripByteCounts).toHaveLength(5);
    expect(g4Passthrough(bytes, ifd!)).toBeNull();
  });

  it('reads every page of a multi-page file', () => {
    const other = wrapPackedAsTiff(page(40, 9, 3), 40, 9);
    const ifds = parseTiff(tiffcp([raw, other, raw], ['-c', 'g4']));
    expect(ifds.map((d) => [d.width, d.height])).toEqual([[301, 77], [40, 9], [301, 77]]);
  });

  it('reads tiles', () => {
    const bytes = tiffcp([raw], ['-c', 'g4', '-t', '-w', '64', '-l', '32']);
    const [ifd] = parseTiff(bytes);
    expect(ifd).toMatchObject({ tileWidth: 64, tileHeight: 32 });
    expect(ifd!.tileOffsets).toHaveLength(5 * 3);
    expect(g4Passthrough(bytes, ifd!)).toBeNull();
  });

  it('reads sharp’s G4, LZW-with-predictor and RGBA files', async () => {
    const grey = Buffer.alloc(120 * 50, 255).map((_, i) => (i % 7 === 0 ? 0 : 255));
    const input = () => sharp(grey, { raw: { width: 120, height: 50, channels: 1 } });
    const g4 = await input().toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 300 / 25.4, yres: 300 / 25.4 }).toBuffer();
    const [g4Ifd] = parseTiff(g4);
    expect(g4Ifd).toMatchObject({ width: 120, height: 50, compression: 4, bitsPerSample: [1], photometric: 1 });
    expect(g4Ifd!.xResolution).toBeCloseTo(300, 3);
    expect(tiffinfo(g4)).toContain('Photometric Interpretation: min-is-black');

    const lzw = await input().toColourspace('b-w').tiff({ compression: 'lzw', predictor: 'horizontal' }).toBuffer();
    const [lzwIfd] = parseTiff(lzw);
    expect(lzwIfd).toMatchObject({ compression: 5, predictor: 2, bitsPerSample: [8] });
    expect(g4Passthrough(lzw, lzwIfd!)).toBeNull();

    const rgba = await input().toColourspace('srgb').ensureAlpha(0.5).tiff({ compression: 'deflate' }).toBuffer();
    expect(parseTiff(rgba)[0]).toMatchObject({ samplesPerPixel: 4, bitsPerSample: [8, 8, 8, 8], extraSamples: [2], compression: 8 });
  });
});

describe.skipIf(!hasTiffTools)('g4Passthrough', () => {
  const packed = page(517, 90, 4);
  const raw = wrapPackedAsTiff(packed, 517, 90);

  it('returns the G4 data of a single-strip page unchanged', () => {
    const bytes = tiffcp([raw], ['-c', 'g4', '-r', '100000']);
    const [ifd] = parseTiff(bytes);
    const g4 = g4Passthrough(bytes, ifd!);
    expect(g4?.blackIs1).toBe(true);
    expect(Buffer.from(g4!.data).equals(Buffer.from(encodeG4(packed, 517, 90)))).toBe(true);
  });

  it('refuses multi-strip, LSB-first, uncompressed and LZW pages', () => {
    for (const args of [['-c', 'g4', '-r', '8'], ['-c', 'g4', '-r', '100000', '-f', 'lsb2msb'], ['-c', 'none'], ['-c', 'lzw']]) {
      const bytes = tiffcp([raw], args);
      expect(g4Passthrough(bytes, parseTiff(bytes)[0]!), args.join(' ')).toBeNull();
    }
  });
});

describe('g4Passthrough on hand-made pages', () => {
  const pass = (entries: Entry[]) => {
    const bytes = buildTiff([entries]);
    return g4Passthrough(bytes, parseTiff(bytes)[0]!);
  };

  it('maps the photometric interpretation to blackIs1', () => {
    expect(pass(basic())).toMatchObject({ blackIs1: true });
    expect(pass(basic())?.data).toHaveLength(16);
    expect(pass(basic().map((e) => (e[0] === 262 ? [262, 3, [1]] : e)))).toMatchObject({ blackIs1: false });
    expect(pass(basic().filter(([tag]) => tag !== 262))).toMatchObject({ blackIs1: true });
    expect(pass(basic().map((e) => (e[0] === 262 ? [262, 3, [2]] : e)))).toBeNull();
  });

  it('accepts extra strips when every row is in strip 0, refuses the uncompressed-mode option', () => {
    const twoStrips = basic().map((e): Entry => (e[0] === 273 ? [273, 4, [8, 16]] : e[0] === 279 ? [279, 4, [8, 8]] : e));
    expect(pass(twoStrips)?.data).toHaveLength(8);
    expect(pass(basic([[293, 4, [2]]]))).toBeNull();
    expect(pass(basic().map((e) => (e[0] === 258 ? [258, 3, [8]] : e)))).toBeNull();
  });
});

describe('parseTiff on hostile input', () => {
  const corrupt = (bytes: Uint8Array) => expectError('INPUT_CORRUPT', () => parseTiff(bytes));
  const corruptBecause = (bytes: Uint8Array, reason: string) => expect(corrupt(bytes).message).toContain(reason);

  it('rejects empty, short and non-TIFF input', () => {
    corrupt(new Uint8Array(0));
    corrupt(new Uint8Array([0x49, 0x49, 42, 0]));
    const r = rng(9);
    const garbage = new Uint8Array(4096).map(() => Math.floor(r() * 256));
    garbage.set([0x58, 0x59]);
    corrupt(garbage);
    garbage.set([0x49, 0x49, 42, 0]); // a TIFF header over garbage
    corrupt(garbage);
    corrupt(new TextEncoder().encode('%PDF-1.7\n'));
  });

  it('reports BigTIFF as unsupported', () => {
    expectError('INPUT_UNSUPPORTED', () => parseTiff(new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0])));
    expectError('INPUT_UNSUPPORTED', () => parseTiff(new Uint8Array([0x4d, 0x4d, 0, 43, 0, 8, 0, 0])));
  });

  it('rejects directory offsets outside the file', () => {
    corrupt(new Uint8Array([0x49, 0x49, 42, 0, 0xff, 0xff, 0, 0]));
    corrupt(new Uint8Array([0x49, 0x49, 42, 0, 0, 0, 0, 0])); // no image at all
    corrupt(buildTiff([basic(), basic()], { next: (i) => (i === 0 ? 1 << 30 : 0) }));
  });

  it('rejects every truncation of a valid file', () => {
    for (const bytes of [buildTiff([basic(), basic([[282, 5, [300]]])]), packedToTiffG4(page(64, 20, 5), 64, 20)]) {
      expect(parseTiff(bytes)).not.toHaveLength(0);
      for (let n = 0; n < bytes.length; n++) corrupt(bytes.subarray(0, n));
    }
  });

  it('rejects directory loops', () => {
    corruptBecause(buildTiff([basic()], { next: (i, offsets) => offsets[i]! }), 'buclă');
    corruptBecause(buildTiff([basic(), basic(), basic()], { next: (i, offsets) => offsets[(i + 1) % 3]! }), 'buclă');
  });

  it(`caps the number of directories at ${MAX_IFDS}`, () => {
    const tiny: Entry[] = [[256, 3, [1]], [257, 3, [1]], [273, 4, [8]], [279, 4, [1]]];
    expect(parseTiff(buildTiff(new Array<Entry[]>(MAX_IFDS).fill(tiny)))).toHaveLength(MAX_IFDS);
    corruptBecause(buildTiff(new Array<Entry[]>(MAX_IFDS + 1).fill(tiny)), 'prea multe');
  });

  it('bounds the work of directories that all point at one huge array', () => {
    const n = 300_000;
    const shared = (ifds: number) => {
      const bytes = buildTiff(new Array<Entry[]>(ifds).fill(basic()), { data: new Uint8Array(n * 4) });
      const dv = new DataView(bytes.buffer);
      for (const { offset } of parseTiff(bytes)) {
        for (const k of [5, 7]) { // StripOffsets, StripByteCounts: n zeros at offset 8
          dv.setUint32(offset + 2 + k * 12 + 4, n, true);
          dv.setUint32(offset + 2 + k * 12 + 8, 8, true);
        }
      }
      return bytes;
    };
    expect(parseTiff(shared(1))[0]!.stripOffsets).toHaveLength(n);
    corruptBecause(shared(12), 'prea multe valori');
  });

  it('rejects bad values in the fields it reads', () => {
    corrupt(buildTiff([basic().map((e) => (e[0] === 273 ? [273, 4, [1 << 20]] : e))])); // strip outside
    corrupt(buildTiff([basic().map((e) => (e[0] === 279 ? [279, 4, [1 << 20]] : e))])); // strip too long
    corrupt(buildTiff([basic().map((e) => (e[0] === 279 ? [279, 4, [8, 8]] : e))])); // counts ≠ offsets
    corrupt(buildTiff([basic().filter(([tag]) => tag !== 256)])); // no width
    corrupt(buildTiff([basic().map((e) => (e[0] === 257 ? [257, 3, [0]] : e))])); // zero height
    corrupt(buildTiff([basic().map((e) => (e[0] === 256 ? [256, 2, [65, 0]] : e))])); // width as text
    corrupt(buildTiff([basic().filter(([tag]) => tag !== 273)])); // no strips
    corrupt(buildTiff([basic([[322, 3, [16]]])])); // tile width without tile length
    const huge = buildTiff([basic()]);
    new DataView(huge.buffer).setUint32(8 + 16 + 2 + 5 * 12 + 4, 0xffffffff, true); // StripOffsets count
    corrupt(huge);
  });

  it('never throws anything but a StationError on mutated files', () => {
    const valid = buildTiff([basic([[282, 5, [300]], [338, 3, [1, 2, 0]]]), basic()], { big: true });
    const r = rng(77);
    for (let round = 0; round < 4000; round++) {
      const bytes = valid.slice();
      for (let k = 1 + Math.floor(r() * 4); k > 0; k--) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
      try {
        for (const ifd of parseTiff(bytes)) g4Passthrough(bytes, ifd);
      } catch (err) {
        if (!isStationError(err, 'INPUT_CORRUPT') && !isStationError(err, 'INPUT_UNSUPPORTED')) throw err;
      }
    }
  });
});
