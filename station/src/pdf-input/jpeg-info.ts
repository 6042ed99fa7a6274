/** Size and component count of a JPEG, read from its first SOF marker. */
export interface JpegInfo {
  width: number;
  height: number;
  components: number;
  precision: number;
}

const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Walks the marker segments up to the first frame header; undefined when the data is not a JPEG. */
export function readJpegInfo(data: Uint8Array): JpegInfo | undefined {
  let pos = 0;
  while (pos < data.length && data[pos] !== 0xff) pos++; // some producers put bytes before SOI
  if (data[pos] !== 0xff || data[pos + 1] !== 0xd8) return undefined;
  pos += 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) return undefined;
    const marker = data[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const length = (data[pos + 2]! << 8) | data[pos + 3]!;
    if (length < 2) return undefined;
    if (SOF_MARKERS.has(marker)) {
      if (pos + 10 > data.length) return undefined;
      return {
        precision: data[pos + 4]!,
        height: (data[pos + 5]! << 8) | data[pos + 6]!,
        width: (data[pos + 7]! << 8) | data[pos + 8]!,
        components: data[pos + 9]!,
      };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan before any frame
    pos += 2 + length;
  }
  return undefined;
}
