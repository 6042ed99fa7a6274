/**
 * Is a (multi-page) TIFF whole? Walks the IFD chain and checks that every directory, every
 * out-of-line tag value and every strip or tile lies inside the file. Classic TIFF and BigTIFF.
 * Reads only the directories and the offset/count arrays, never the image data.
 */

export type ReadAt = (position: number, length: number) => Promise<Buffer>;

const TYPE_SIZE: Record<number, number> = {
  1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8,
};
const STRIP_OFFSETS = 273;
const STRIP_BYTE_COUNTS = 279;
const TILE_OFFSETS = 324;
const TILE_BYTE_COUNTS = 325;
const MAX_IFDS = 100_000;
const MAX_ARRAY = 1_000_000;

interface Layout {
  little: boolean;
  big: boolean;
}

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the value lives: inside the entry or at an offset. */
  valueAt: number;
}

function uint(buf: Buffer, at: number, bytes: 2 | 4 | 8, little: boolean): number {
  if (bytes === 2) return little ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
  if (bytes === 4) return little ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
  return Number(little ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at));
}

async function readEntries(read: ReadAt, layout: Layout, ifd: number, size: number): Promise<{ entries: Entry[]; next: number } | string> {
  const countBytes = layout.big ? 8 : 2;
  const entrySize = layout.big ? 20 : 12;
  const offsetBytes = layout.big ? 8 : 4;
  if (ifd + countBytes > size) return `IFD at ${ifd} is past the end`;
  const countBuf = await read(ifd, countBytes);
  if (countBuf.length < countBytes) return `IFD at ${ifd} is truncated`;
  const n = uint(countBuf, 0, countBytes, layout.little);
  const tableLength = n * entrySize + offsetBytes;
  if (ifd + countBytes + tableLength > size) return `IFD at ${ifd} is truncated`;
  const table = await read(ifd + countBytes, tableLength);
  if (table.length < tableLength) return `IFD at ${ifd} is truncated`;
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * entrySize;
    const tag = uint(table, at, 2, layout.little);
    const type = uint(table, at + 2, 2, layout.little);
    const count = uint(table, at + 4, layout.big ? 8 : 4, layout.little);
    const valueField = at + (layout.big ? 12 : 8);
    const valueBytes = (TYPE_SIZE[type] ?? 1) * count;
    const valueAt = valueBytes <= offsetBytes ? ifd + countBytes + valueField : uint(table, valueField, offsetBytes, layout.little);
    if (valueAt + valueBytes > size) return `tag ${tag} value is past the end`;
    entries.push({ tag, type, count, valueAt });
  }
  return { entries, next: uint(table, n * entrySize, offsetBytes, layout.little) };
}

async function readArray(read: ReadAt, layout: Layout, e: Entry): Promise<number[] | null> {
  const width = TYPE_SIZE[e.type];
  if ((width !== 2 && width !== 4 && width !== 8) || e.count > MAX_ARRAY) return null;
  const buf = await read(e.valueAt, width * e.count);
  if (buf.length < width * e.count) return null;
  const values: number[] = [];
  for (let i = 0; i < e.count; i++) values.push(uint(buf, i * width, width, layout.little));
  return values;
}

async function dataEnd(read: ReadAt, layout: Layout, entries: Entry[], offsetsTag: number, countsTag: number): Promise<number> {
  const offsets = entries.find((e) => e.tag === offsetsTag);
  const counts = entries.find((e) => e.tag === countsTag);
  if (!offsets || !counts) return 0;
  const o = await readArray(read, layout, offsets);
  const c = await readArray(read, layout, counts);
  if (!o || !c) return 0;
  let end = 0;
  for (let i = 0; i < Math.min(o.length, c.length); i++) end = Math.max(end, (o[i] ?? 0) + (c[i] ?? 0));
  return end;
}

/** null when the TIFF is whole, else why not. */
export async function tiffIsComplete(read: ReadAt, size: number): Promise<string | null> {
  if (size < 8) return 'TIFF header is truncated';
  const header = await read(0, Math.min(size, 16));
  const order = header.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return 'not a TIFF';
  const little = order === 'II';
  const magic = uint(header, 2, 2, little);
  if (magic !== 42 && magic !== 43) return 'not a TIFF';
  const layout: Layout = { little, big: magic === 43 };
  if (layout.big && header.length < 16) return 'BigTIFF header is truncated';
  let ifd = layout.big ? uint(header, 8, 8, little) : uint(header, 4, 4, little);
  if (ifd === 0) return 'TIFF has no image directory';
  const seen = new Set<number>();
  while (ifd !== 0) {
    if (seen.has(ifd) || seen.size >= MAX_IFDS) return 'TIFF directory chain loops';
    seen.add(ifd);
    const result = await readEntries(read, layout, ifd, size);
    if (typeof result === 'string') return result;
    const end = Math.max(
      await dataEnd(read, layout, result.entries, STRIP_OFFSETS, STRIP_BYTE_COUNTS),
      await dataEnd(read, layout, result.entries, TILE_OFFSETS, TILE_BYTE_COUNTS),
    );
    if (end > size) return 'TIFF image data is past the end';
    ifd = result.next;
  }
  return null;
}
