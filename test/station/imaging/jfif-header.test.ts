import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readJfifHeader } from '../../../station/src/imaging/jfif-header.ts';

/** A small JPEG with no APP markers (SOI, then the tables, frame and scan sharp wrote). */
async function bare(channels: 1 | 3, opts: { progressive?: boolean } = {}): Promise<Buffer> {
  let img = sharp({ create: { width: 24, height: 16, channels: 3, background: '#7f9fbf' } });
  if (channels === 1) img = img.toColourspace('b-w');
  const b = await img.jpeg({ progressive: opts.progressive ?? false }).toBuffer();
  let p = 2;
  while (b[p] === 0xff && b[p + 1]! >= 0xe0 && b[p + 1]! <= 0xef) p += 2 + b.readUInt16BE(p + 2);
  return Buffer.concat([b.subarray(0, 2), b.subarray(p)]);
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

function jfif(unit: number, x: number, y: number, major = 1): Buffer {
  const body = Buffer.alloc(14);
  body.write('JFIF\0', 0, 'latin1');
  body[5] = major;
  body[6] = 2;
  body[7] = unit;
  body.writeUInt16BE(x, 8);
  body.writeUInt16BE(y, 10);
  return segment(0xe0, body);
}

type Entry = { tag: number; type: number; count?: number; value: number[] };

/** An APP1 EXIF block with these IFD0 entries, little- or big-endian. */
function exif(entries: Entry[], le = true): Buffer {
  const n = entries.length;
  const tiff = Buffer.alloc(8 + 2 + n * 12 + 4 + n * 8);
  const w16 = (v: number, o: number) => (le ? tiff.writeUInt16LE(v, o) : tiff.writeUInt16BE(v, o));
  const w32 = (v: number, o: number) => (le ? tiff.writeUInt32LE(v >>> 0, o) : tiff.writeUInt32BE(v >>> 0, o));
  tiff.write(le ? 'II' : 'MM', 0, 'latin1');
  w16(42, 2);
  w32(8, 4);
  w16(n, 8);
  let extra = 8 + 2 + n * 12 + 4;
  entries.forEach((e, i) => {
    const o = 10 + i * 12;
    w16(e.tag, o);
    w16(e.type, o + 2);
    w32(e.count ?? 1, o + 4);
    if (e.type === 5) {
      w32(extra, o + 8);
      w32(e.value[0]!, extra);
      w32(e.value[1]!, extra + 4);
      extra += 8;
    } else if (e.type === 3) w16(e.value[0]!, o + 8);
    else w32(e.value[0]!, o + 8);
  });
  return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff.subarray(0, extra)]));
}

const withSegments = (jpeg: Buffer, ...segs: Buffer[]) => Buffer.concat([jpeg.subarray(0, 2), ...segs, jpeg.subarray(2)]);

/** The fields compared, in one order, without those left undefined. */
const fields = (h: object | null) => (h ? JSON.stringify(Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)))) : 'null');

/** What decode.ts takes from sharp's metadata. */
async function libvips(bytes: Buffer) {
  const m = await sharp(bytes).metadata();
  return { width: m.width, height: m.height, channels: m.channels, density: m.density, orientation: m.orientation };
}

describe('readJfifHeader: what libvips says, without asking it', () => {
  it('the resolution of every JFIF density, in inches, centimetres, an aspect ratio or none, as sharp gives it', async () => {
    const plain = await bare(3);
    const values = [0, 1, 2, 25, 26, 39, 40, 72, 96, 100, 118, 150, 200, 240, 299, 300, 400, 600, 1200, 2400, 65535];
    const cases: Buffer[] = [plain];
    for (const unit of [0, 1, 2, 3]) for (const x of values) for (const y of [x, 1, 0, 2, 300]) cases.push(withSegments(plain, jfif(unit, x, y)));
    const differ: string[] = [];
    for (const bytes of cases) {
      const mine = readJfifHeader(bytes);
      expect(mine, 'read here').not.toBeNull();
      const theirs = await libvips(bytes);
      if (fields(mine) !== fields(theirs)) differ.push(`${bytes.subarray(2, 20).toString('hex')}: ${fields(mine)} vs ${fields(theirs)}`);
    }
    expect(differ).toEqual([]);
  });

  it('the resolution and orientation of EXIF, as sharp gives them: every unit, values on rounding edges, either byte order', async () => {
    const plain = await bare(3);
    const values: [number, number][] = [[300, 1], [72, 1], [1, 1], [0, 1], [600, 2], [118, 1], [3001, 10], [5, 0], [2, 1], [1201, 2], [2541, 10], [127, 1], [12701, 100], [4294967295, 3]];
    const cases: Buffer[] = [];
    for (const le of [true, false]) {
      for (const unit of [undefined, 0, 1, 2, 3, 4]) {
        for (const x of values) {
          for (const y of ['same', 'one', 'none'] as const) {
            const es: Entry[] = [{ tag: 0x11a, type: 5, value: x }];
            if (y !== 'none') es.push({ tag: 0x11b, type: 5, value: y === 'same' ? x : [1, 1] });
            if (unit !== undefined) es.push({ tag: 0x128, type: 3, value: [unit] });
            cases.push(withSegments(plain, exif(es, le)));
          }
        }
        cases.push(withSegments(plain, exif([{ tag: 0x11b, type: 5, value: [300, 1] }, ...(unit === undefined ? [] : [{ tag: 0x128, type: 3, value: [unit] }])], le)));
      }
      for (const o of [1, 2, 3, 4, 5, 6, 7, 8]) cases.push(withSegments(plain, exif([{ tag: 0x112, type: 3, value: [o] }, { tag: 0x11a, type: 5, value: [200, 1] }, { tag: 0x11b, type: 5, value: [200, 1] }], le)));
      cases.push(withSegments(plain, exif([], le)));
    }
    // as sharp writes them (the bench's pages): resolution, and orientation
    cases.push(await sharp(plain).withDensity(300).jpeg().toBuffer(), await sharp(plain).withMetadata({ density: 200, orientation: 6 }).jpeg().toBuffer());
    const differ: string[] = [];
    let leftToLibvips = 0;
    for (const bytes of cases) {
      const mine = readJfifHeader(bytes);
      const theirs = await libvips(bytes);
      // a resolution beyond a C int (sharp's density overflows): left to libvips, the only ones
      if (mine === null) expect(theirs.density).toBeUndefined();
      else if (fields(mine) !== fields(theirs)) differ.push(`${fields(mine)} vs ${fields(theirs)}`);
      if (mine === null) leftToLibvips++;
    }
    expect(differ).toEqual([]);
    expect(leftToLibvips).toBe(2 * 2 * 2); // 4294967295/3 in centimetres or «none» (beyond a C int), Y the same or 1, either byte order
  });

  it('gray and progressive JPEGs, and other markers (ICC, XMP, comments, Adobe) around the JFIF one', async () => {
    const icc = segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0', 'latin1'), Buffer.alloc(40)]));
    const xmp = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1'));
    const com = segment(0xfe, Buffer.from('scanner', 'latin1'));
    const adobe = segment(0xee, Buffer.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 1]));
    for (const base of [await bare(1), await bare(3, { progressive: true })]) {
      for (const bytes of [withSegments(base, jfif(1, 300, 300), icc, xmp, com), withSegments(base, com, jfif(2, 118, 118), adobe), withSegments(base, xmp)]) {
        const mine = readJfifHeader(bytes);
        expect(mine).not.toBeNull();
        expect(fields(mine)).toBe(fields(await libvips(bytes)));
      }
    }
  });

  it('leaves to libvips what it cannot be sure of: JFIF and EXIF together, two of either, an unusual version, tag or orientation, CMYK, a broken header', async () => {
    const base = await bare(3);
    const res: Entry[] = [{ tag: 0x11a, type: 5, value: [300, 1] }, { tag: 0x11b, type: 5, value: [300, 1] }];
    expect(readJfifHeader(withSegments(base, jfif(1, 300, 300), exif(res)))).toBeNull();
    expect(readJfifHeader(withSegments(base, exif(res), exif(res)))).toBeNull();
    for (const odd of [
      [{ tag: 0x112, type: 3, value: [0] }],
      [{ tag: 0x112, type: 3, value: [9] }],
      [{ tag: 0x112, type: 4, value: [6] }],
      [{ tag: 0x11a, type: 4, value: [300] }, res[1]!],
      [{ tag: 0x11a, type: 5, count: 2, value: [300, 1] }, res[1]!],
      [...res, { tag: 0x128, type: 4, value: [2] }],
    ] as Entry[][]) {
      expect(readJfifHeader(withSegments(base, exif(odd))), JSON.stringify(odd)).toBeNull();
    }
    const cutIfd = exif(res);
    cutIfd.writeUInt16BE(cutIfd.length - 2 - 12, 2); // the segment ends inside the rationals
    expect(readJfifHeader(withSegments(base, cutIfd))).toBeNull();
    expect(readJfifHeader(withSegments(base, segment(0xe1, Buffer.from('Exif-like', 'latin1'))))).toBeNull();
    expect(readJfifHeader(withSegments(base, jfif(1, 300, 300), jfif(1, 200, 200)))).toBeNull();
    expect(readJfifHeader(withSegments(base, jfif(1, 300, 300, 2)))).toBeNull();
    const cmyk = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).toColourspace('cmyk').jpeg().toBuffer();
    expect((await sharp(cmyk).metadata()).channels).toBe(4);
    expect(readJfifHeader(cmyk)).toBeNull();
    // cut inside the header, a segment longer than the file, not a JPEG at all, an empty file
    expect(readJfifHeader(base.subarray(0, 30))).toBeNull();
    const long = Buffer.from(withSegments(base, jfif(1, 300, 300)));
    long.writeUInt16BE(0xfff0, 4);
    expect(readJfifHeader(long)).toBeNull();
    expect(readJfifHeader(Buffer.from('%PDF-1.7\n'))).toBeNull();
    expect(readJfifHeader(new Uint8Array(0))).toBeNull();
  });

  it('every committed JPEG fixture (scanner, camera, Pillow, EXIF-turned, CMYK): the same as sharp, or left to it', async () => {
    const names = (await readdir(path.resolve('fixtures'), { recursive: true })).filter((f) => /\.jpe?g$/i.test(f));
    let read = 0;
    for (const f of names) {
      const bytes = await readFile(path.resolve('fixtures', f));
      const mine = readJfifHeader(bytes);
      if (!mine) continue;
      read++;
      expect(fields(mine), f).toBe(fields(await libvips(bytes).catch(() => null)));
    }
    expect(read).toBeGreaterThan(0);
  });

  it('a tag twice in IFD0 (libexif keeps the first one): left to libvips, never the last one read', async () => {
    const base = await bare(3);
    const res: Entry[] = [{ tag: 0x11a, type: 5, value: [300, 1] }, { tag: 0x11b, type: 5, value: [300, 1] }];
    for (const le of [true, false]) {
      const twice: Entry[][] = [
        [{ tag: 0x112, type: 3, value: [6] }, ...res, { tag: 0x112, type: 3, value: [3] }],
        [...res, { tag: 0x11a, type: 5, value: [200, 1] }],
        [...res, { tag: 0x11b, type: 5, value: [200, 1] }],
        [...res, { tag: 0x128, type: 3, value: [2] }, { tag: 0x128, type: 3, value: [3] }],
      ];
      for (const es of twice) expect(readJfifHeader(withSegments(base, exif(es, le))), JSON.stringify(es)).toBeNull();
    }
    // libvips takes the first: orientation 6, not 3
    expect((await libvips(withSegments(base, exif([{ tag: 0x112, type: 3, value: [6] }, ...res, { tag: 0x112, type: 3, value: [3] }])))).orientation).toBe(6);
  });

  it('a frame or marker libjpeg refuses in a header (hierarchical or JPG frames, reserved markers, a side beyond 65500): left to libvips, which fails it', async () => {
    const base = await bare(3);
    let sof = 2;
    while (!(base[sof + 1]! >= 0xc0 && base[sof + 1]! <= 0xc2)) sof += 2 + base.readUInt16BE(sof + 2);
    const cases: Buffer[] = [];
    for (const m of [0xc5, 0xc6, 0xc7, 0xcd, 0xce, 0xcf]) {
      const b = Buffer.from(base);
      b[sof + 1] = m;
      cases.push(b);
    }
    for (const m of [0x02, 0xbf, 0xc8, 0xde, 0xdf, 0xf0, 0xfd]) cases.push(withSegments(base, Buffer.from([0xff, m, 0, 4, 0, 0])));
    for (const [w, h] of [[65501, 16], [24, 65535]]) {
      const b = Buffer.from(base);
      b.writeUInt16BE(h!, sof + 5);
      b.writeUInt16BE(w!, sof + 7);
      cases.push(b);
    }
    for (const b of cases) {
      expect(readJfifHeader(b), b.subarray(0, 24).toString('hex')).toBeNull();
      await expect(libvips(b)).rejects.toThrow();
    }
  });

  it('fuzzed headers (fixture JPEGs with header bytes changed, random EXIF directories): the same as sharp, left to it, or a header sharp refuses too', async () => {
    let seed = 20261201;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff;
    const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const names = (await readdir(path.resolve('fixtures'), { recursive: true })).filter((f) => /\.jpe?g$/i.test(f));
    const bases: Buffer[] = [];
    for (const f of names) {
      const b = await readFile(path.resolve('fixtures', f));
      if (b.length < 400_000) bases.push(b);
    }
    const headerEnd = (b: Uint8Array) => {
      let p = 2;
      while (p + 4 <= b.length && b[p] === 0xff && b[p + 1] !== 0xda) p += b[p + 1] === 0xff ? 1 : 2 + ((b[p + 2]! << 8) | b[p + 3]!);
      return Math.min(p, b.length);
    };
    const cases: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      const b = Buffer.from(pick(bases));
      const end = headerEnd(b);
      for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
        const at = 2 + Math.floor(rnd() * (end - 2));
        const r = rnd();
        b[at] = r < 0.3 ? Math.floor(rnd() * 256) : r < 0.5 ? b[at]! ^ (1 << Math.floor(rnd() * 8)) : r < 0.6 ? 0 : r < 0.7 ? 0xff : b[at]! + (r < 0.85 ? 1 : -1);
      }
      cases.push(b);
    }
    const plain = await bare(3);
    const tags = [0x112, 0x11a, 0x11b, 0x128, 0x8769, 0x100, 0x131];
    for (let i = 0; i < 400; i++) {
      const es: Entry[] = [];
      for (let n = Math.floor(rnd() * 6); n > 0; n--) {
        const tag = pick(tags);
        const type = rnd() < 0.85 ? (tag === 0x11a || tag === 0x11b ? 5 : tag === 0x8769 ? 4 : 3) : pick([1, 3, 4, 5, 7]);
        const count = rnd() < 0.9 ? 1 : pick([0, 2, 0xffffffff]);
        const value = type === 5 ? [pick([0, 1, 2, 5, 72, 118, 200, 300, 600]), pick([0, 1, 1, 2, 10])] : [tag === 0x112 ? Math.floor(rnd() * 10) : tag === 0x128 ? Math.floor(rnd() * 5) : tag === 0x8769 ? pick([0, 8, 400]) : Math.floor(rnd() * 3000)];
        es.push({ tag, type, count, value });
      }
      const seg = exif(es, rnd() < 0.5);
      if (rnd() < 0.15) seg.writeUInt16BE(4 + Math.floor(rnd() * (seg.length - 4)), 2); // the block cut short
      cases.push(withSegments(plain, seg));
    }
    const differ: string[] = [];
    let same = 0;
    for (const bytes of cases) {
      const mine = readJfifHeader(bytes);
      if (mine === null) continue;
      const theirs = await libvips(bytes).catch(() => null);
      // sharp refusing the header: the page's decode (libvips too) then fails it as before, INPUT_CORRUPT
      if (theirs === null) continue;
      if (fields(mine) === fields(theirs)) same++;
      else differ.push(`${bytes.subarray(0, 64).toString('hex')}: ${fields(mine)} vs ${fields(theirs)}`);
    }
    expect(differ).toEqual([]);
    expect(same).toBeGreaterThan(cases.length / 4); // most headers still read here: the fuzz compares, not only falls back
  });
});
