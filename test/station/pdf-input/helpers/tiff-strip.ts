/** The single image strip of a (little- or big-endian) TIFF and the tags needed to embed it in a PDF. */
export interface TiffStrip {
  data: Uint8Array;
  width: number;
  height: number;
  photometric: number;
  compression: number;
}

export function singleStrip(tiff: Uint8Array): TiffStrip {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49;
  const u16 = (at: number): number => view.getUint16(at, little);
  const u32 = (at: number): number => view.getUint32(at, little);
  const ifd = u32(4);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < u16(ifd); i++) {
    const at = ifd + 2 + i * 12;
    const type = u16(at + 2);
    const count = u32(at + 4);
    const size = type === 3 ? 2 : 4;
    const base = count * size > 4 ? u32(at + 8) : at + 8;
    const values: number[] = [];
    for (let k = 0; k < count; k++) values.push(size === 2 ? u16(base + k * 2) : u32(base + k * 4));
    tags.set(u16(at), values);
  }
  const offsets = tags.get(273) ?? [];
  const counts = tags.get(279) ?? [];
  if (offsets.length !== 1) throw new Error(`expected one strip, found ${offsets.length}`);
  return {
    data: tiff.slice(offsets[0]!, offsets[0]! + counts[0]!),
    width: tags.get(256)![0]!,
    height: tags.get(257)![0]!,
    photometric: tags.get(262)?.[0] ?? 0,
    compression: tags.get(259)?.[0] ?? 1,
  };
}
