/**
 * PNM (PBM/PGM/PPM) reader for the files scanimage writes: P4/P5/P6 binary, plus the ASCII
 * variants P1/P2/P3 and 16-bit samples. Pure function; throws StationError INPUT_CORRUPT. 8-bit
 * samples (maxval 255) are handed out as a view of `bytes`: the caller must not change either.
 */
import { countRo, pixelSizeRo } from '../../../shared/src/count-ro.ts';
import { StationError } from '../../../shared/src/errors.ts';

export type PnmImage =
  | { kind: 'bitmap'; width: number; height: number; packed: Uint8Array } // rows of ceil(w/8) bytes, 1 = black
  | { kind: 'pixels'; width: number; height: number; channels: 1 | 3; data: Uint8Array };

const MAX_SIDE = 30_000;

function corrupt(label: string, why: string): StationError {
  return new StationError('INPUT_CORRUPT', `${label}: imaginea PNM este deteriorată (${why}).`, { reason: why });
}

export interface PnmHeader {
  /** 1–6: P1…P6. */
  type: number;
  width: number;
  height: number;
  maxval: number;
  /** Offset of the raster data. */
  dataAt: number;
}

/** The header alone (type, size, maximum value): what the station checks before reading the raster. */
export function readPnmHeader(bytes: Uint8Array, label: string): PnmHeader {
  if (bytes.length < 3 || bytes[0] !== 0x50) throw corrupt(label, 'antet lipsă');
  const type = bytes[1]! - 0x30;
  if (type < 1 || type > 6) throw corrupt(label, 'tip necunoscut');
  let pos = 2;
  const readToken = (): number => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) pos++;
    if (pos === start || pos - start > 9) throw corrupt(label, 'antet incomplet');
    return Number(Buffer.from(bytes.subarray(start, pos)).toString('latin1'));
  };
  const width = readToken();
  const height = readToken();
  const maxval = type === 1 || type === 4 ? 1 : readToken();
  if (width < 1 || height < 1) throw corrupt(label, `dimensiuni ${width}×${height}`);
  if (maxval < 1 || maxval > 65535) throw corrupt(label, `valoare maximă ${maxval}`);
  if (pos >= bytes.length || !isSpace(bytes[pos]!)) throw corrupt(label, 'antet incomplet');
  return { type, width, height, maxval, dataAt: pos + 1 }; // exactly one whitespace before raster data
}

export function parsePnm(bytes: Uint8Array, label: string): PnmImage {
  const { type, width, height, maxval, dataAt } = readPnmHeader(bytes, label);
  if (width > MAX_SIDE || height > MAX_SIDE) {
    // named in `details.page` too, as `measurePage` does: the pipeline (`namingPage`) must not name it again
    throw new StationError(
      'INPUT_TOO_LARGE',
      `${label}: pagina este prea mare (${pixelSizeRo(width, height)}); se acceptă cel mult ${countRo(MAX_SIDE, 'pixel', 'pixeli')} pe latură.`,
      { page: label, width, height, maxSide: MAX_SIDE },
    );
  }
  let pos = dataAt;
  const readToken = (): number => {
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (bytes[pos] === 0x23) {
        while (pos < bytes.length && bytes[pos] !== 0x0a && bytes[pos] !== 0x0d) pos++;
        continue;
      }
      break;
    }
    const start = pos;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) pos++;
    if (pos === start || pos - start > 9) throw corrupt(label, 'date trunchiate');
    return Number(Buffer.from(bytes.subarray(start, pos)).toString('latin1'));
  };
  const channels = type === 3 || type === 6 ? 3 : 1;

  if (type === 4) {
    const rowBytes = Math.ceil(width / 8);
    const need = rowBytes * height;
    if (bytes.length - pos < need) throw corrupt(label, `date trunchiate: ${bytes.length - pos} din ${need} octeți`);
    return { kind: 'bitmap', width, height, packed: bytes.slice(pos, pos + need) };
  }
  if (type === 1) {
    const rowBytes = Math.ceil(width / 8);
    const packed = new Uint8Array(rowBytes * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        while (pos < bytes.length && (isSpace(bytes[pos]!) || bytes[pos] === 0x23)) {
          if (bytes[pos] === 0x23) while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
          else pos++;
        }
        const c = bytes[pos++];
        if (c !== 0x30 && c !== 0x31) throw corrupt(label, 'date trunchiate');
        if (c === 0x31) packed[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
      }
    }
    return { kind: 'bitmap', width, height, packed };
  }
  const samples = width * height * channels;
  if (type === 5 || type === 6) {
    const wide = maxval > 255;
    const need = samples * (wide ? 2 : 1);
    if (bytes.length - pos < need) throw corrupt(label, `date trunchiate: ${bytes.length - pos} din ${need} octeți`);
    // 8-bit samples as they are: a view of the file's bytes, not a copy (26 MB a colour A4 page at 300 dpi,
    // 12 ms of CPU a page to copy into fresh memory; nothing writes into a page's pixels)
    if (!wide && maxval === 255) return { kind: 'pixels', width, height, channels, data: bytes.subarray(pos, pos + samples) };
    const data = new Uint8Array(samples);
    for (let i = 0; i < samples; i++) {
      const v = wide ? (bytes[pos + 2 * i]! << 8) | bytes[pos + 2 * i + 1]! : bytes[pos + i]!;
      data[i] = Math.round((Math.min(v, maxval) * 255) / maxval);
    }
    return { kind: 'pixels', width, height, channels, data };
  }
  const data = new Uint8Array(samples);
  for (let i = 0; i < samples; i++) data[i] = Math.round((Math.min(readToken(), maxval) * 255) / maxval);
  return { kind: 'pixels', width, height, channels, data };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;
}

/** Expands a packed 1-bit bitmap (1 = black) into 8-bit gray (black 0, white 255). */
export function unpackBitmap(packed: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    const o = y * width;
    for (let x = 0; x < width; x++) if (packed[row + (x >> 3)]! & (0x80 >> (x & 7))) out[o + x] = 0;
  }
  return out;
}
