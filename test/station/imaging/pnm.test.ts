import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { parsePnm, unpackBitmap } from '../../../station/src/imaging/pnm.ts';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const bin = (header: string, body: number[]) => new Uint8Array(Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from(body)]));

function corrupt(bytes: Uint8Array, label = 'scan 7.pnm'): Error & { code?: string } {
  try {
    parsePnm(bytes, label);
  } catch (e) {
    expect(isStationError(e, 'INPUT_CORRUPT')).toBe(true);
    expect((e as Error).message).toContain(label);
    return e as Error;
  }
  throw new Error('expected INPUT_CORRUPT');
}

describe('parsePnm: the six variants', () => {
  it('P1 (ASCII bitmap), with comments and without spaces between bits', () => {
    const img = parsePnm(ascii('P1\n# made by hand\n10 2\n1 0 0 0 0 0 0 0 0 1\n0100000010\n'), 'a.pbm');
    expect(img).toEqual({ kind: 'bitmap', width: 10, height: 2, packed: new Uint8Array([0b10000000, 0b01000000, 0b01000000, 0b10000000]) });
  });

  it('P4 (binary bitmap), rows padded to whole bytes, 1 = black', () => {
    const img = parsePnm(bin('P4\n# SANE data follows\n10 2\n', [0b10000000, 0b01000000, 0xff, 0xc0]), 'a.pbm');
    expect(img).toMatchObject({ kind: 'bitmap', width: 10, height: 2 });
    if (img.kind !== 'bitmap') throw new Error();
    expect(Array.from(unpackBitmap(img.packed, img.width, img.height))).toEqual([
      0, 255, 255, 255, 255, 255, 255, 255, 255, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it('P2 (ASCII gray) scales samples to 0–255', () => {
    const img = parsePnm(ascii('P2\n3 1\n15\n0 15 # comment inside the raster\n 5\n'), 'a.pgm');
    expect(img).toEqual({ kind: 'pixels', width: 3, height: 1, channels: 1, data: new Uint8Array([0, 255, 85]) });
  });

  it('P3 (ASCII RGB)', () => {
    const img = parsePnm(ascii('P3 2 1 255 255 0 0  0 0 255'), 'a.ppm');
    expect(img).toEqual({ kind: 'pixels', width: 2, height: 1, channels: 3, data: new Uint8Array([255, 0, 0, 0, 0, 255]) });
  });

  it('P5 (binary gray, as scanimage writes it) with several comment lines', () => {
    const img = parsePnm(bin('P5\n# SANE data follows\n# resolution 300\n3 2\n255\n', [0, 10, 20, 30, 40, 255]), 'a.pgm');
    expect(img).toEqual({ kind: 'pixels', width: 3, height: 2, channels: 1, data: new Uint8Array([0, 10, 20, 30, 40, 255]) });
  });

  it('P5 raster bytes that look like whitespace or «#» are data, not header', () => {
    const img = parsePnm(bin('P5 2 2 255\n', [0x23, 0x0a, 0x20, 0x50]), 'a.pgm');
    expect(img).toMatchObject({ data: new Uint8Array([0x23, 0x0a, 0x20, 0x50]) });
  });

  it('P6 (binary RGB)', () => {
    const img = parsePnm(bin('P6\n2 1\n255\n', [1, 2, 3, 4, 5, 6]), 'a.ppm');
    expect(img).toEqual({ kind: 'pixels', width: 2, height: 1, channels: 3, data: new Uint8Array([1, 2, 3, 4, 5, 6]) });
  });

  it('8-bit samples are the file\'s own bytes, not a copy (a view past the header; bytes after the raster left out)', () => {
    const bytes = bin('P6\n2 1\n255\n', [1, 2, 3, 4, 5, 6, 99]);
    const img = parsePnm(bytes, 'a.ppm');
    if (img.kind !== 'pixels') throw new Error('pixels expected');
    expect(img.data.buffer).toBe(bytes.buffer);
    expect(img.data.byteOffset).toBe(bytes.byteOffset + 'P6\n2 1\n255\n'.length);
    expect(Array.from(img.data)).toEqual([1, 2, 3, 4, 5, 6]);
    // scaled samples are a raster of their own
    const scaled = parsePnm(bin('P5\n2 1\n127\n', [127, 0]), 'b.pgm');
    if (scaled.kind !== 'pixels') throw new Error('pixels expected');
    expect(Array.from(scaled.data)).toEqual([255, 0]);
  });

  it('P5 with a maxval below 255 is scaled', () => {
    const img = parsePnm(bin('P5\n3 1\n100\n', [0, 50, 100]), 'a.pgm');
    expect(img).toMatchObject({ data: new Uint8Array([0, 128, 255]) });
  });
});

describe('parsePnm: 16-bit samples (big-endian)', () => {
  it('P5 with maxval 65535', () => {
    const img = parsePnm(bin('P5\n3 1\n65535\n', [0x00, 0x00, 0x80, 0x00, 0xff, 0xff]), 'a.pgm');
    expect(img).toEqual({ kind: 'pixels', width: 3, height: 1, channels: 1, data: new Uint8Array([0, 128, 255]) });
  });

  it('P6 with maxval 1023 (10-bit scanner data in two bytes)', () => {
    const img = parsePnm(bin('P6\n1 1\n1023\n', [0x03, 0xff, 0x00, 0x00, 0x02, 0x00]), 'a.ppm');
    expect(img).toMatchObject({ channels: 3, data: new Uint8Array([255, 0, 128]) });
  });

  it('little-endian reading would give different values (byte order matters)', () => {
    const img = parsePnm(bin('P5\n1 1\n65535\n', [0x01, 0xff]), 'a.pgm');
    expect(img).toMatchObject({ data: new Uint8Array([Math.round((0x01ff * 255) / 65535)]) });
  });

  it('samples above maxval are clamped', () => {
    const img = parsePnm(bin('P5\n1 1\n1000\n', [0xff, 0xff]), 'a.pgm');
    expect(img).toMatchObject({ data: new Uint8Array([255]) });
  });
});

describe('parsePnm: damaged files → INPUT_CORRUPT naming the file', () => {
  it.each([
    ['P4 cut short', bin('P4\n16 4\n', [1, 2, 3, 4, 5])],
    ['P5 cut short', bin('P5\n4 4\n255\n', Array(15).fill(7))],
    ['P5 16-bit with an odd half', bin('P5\n2 1\n65535\n', [0, 1, 2])],
    ['P6 cut short', bin('P6\n2 2\n255\n', Array(11).fill(7))],
    ['P1 missing bits', ascii('P1\n3 3\n1 0 1\n0 1\n')],
    ['P1 junk instead of bits', ascii('P1\n2 1\n1 x\n')],
    ['P2 missing samples', ascii('P2\n2 2\n255\n1 2 3\n')],
    ['P3 missing samples', ascii('P3\n1 1\n255\n1 2\n')],
    ['header only', ascii('P5\n')],
    ['header without maxval', ascii('P5\n10 10')],
    ['no space after maxval', ascii('P5\n1 1\n255')],
    ['only a comment', ascii('P6\n# nothing else\n')],
    ['zero width', bin('P5\n0 1\n255\n', [1])],
    ['ten-digit size', ascii('P5\n1234567890 1\n255\n')],
    ['maxval 0', bin('P5\n1 1\n0\n', [0])],
    ['maxval 70000', bin('P5\n1 1\n70000\n', [0, 0])],
    ['negative width', ascii('P5\n-3 1\n255\n')],
    ['unknown type P7', ascii('P7\n1 1\n255\n')],
    ['not PNM', ascii('GIF89a')],
    ['too short', ascii('P')],
  ])('%s', (_what, bytes) => {
    corrupt(bytes);
  });

  it('an absurd size is «too large», not «damaged» (INPUT_TOO_LARGE)', () => {
    try {
      parsePnm(ascii('P5\n999999 999999\n255\n'), 'mare.pgm');
      expect.unreachable();
    } catch (e) {
      expect(isStationError(e, 'INPUT_TOO_LARGE')).toBe(true);
      expect((e as Error).message).toMatch(/^mare\.pgm: pagina este prea mare \(999999 × 999999 de pixeli\)/);
    }
  });

  it('a side too long, the page named in its details (the pipeline names it once) and «1 pixel» in the singular', () => {
    try {
      parsePnm(bin('P5\n30001 1\n255\n', Array(30001).fill(0)), 'lat.pgm');
      expect.unreachable();
    } catch (e) {
      expect(isStationError(e, 'INPUT_TOO_LARGE')).toBe(true);
      expect((e as Error).message).toBe('lat.pgm: pagina este prea mare (30001 × 1 pixel); se acceptă cel mult 30000 de pixeli pe latură.');
      expect((e as { details: object }).details).toEqual({ page: 'lat.pgm', width: 30001, height: 1, maxSide: 30000 });
    }
  });

  it('says how much raster is missing', () => {
    const e = corrupt(bin('P5\n4 4\n255\n', Array(10).fill(0)));
    expect(e.message).toMatch(/10 din 16/);
  });
});
