import { PdfInputProblem } from './pdf-input-problem.ts';

export interface PredictorParams {
  /** 1: none, 2: TIFF horizontal differencing, 10–15: PNG (the per-row tag decides). */
  predictor: number;
  colors: number;
  bitsPerComponent: number;
  columns: number;
}

/** Undoes a FlateDecode/LZWDecode predictor, returning rows without PNG tag bytes. */
export function undoPredictor(data: Uint8Array, p: PredictorParams): Uint8Array {
  if (p.predictor <= 1) return data;
  if (![1, 2, 4, 8, 16].includes(p.bitsPerComponent) || p.colors < 1 || p.colors > 32 || p.columns < 1) {
    throw new PdfInputProblem('INPUT_CORRUPT', 'parametrii de decodare ai imaginii nu sunt valizi', { ...p });
  }
  const rowBytes = Math.ceil((p.colors * p.bitsPerComponent * p.columns) / 8);
  if (p.predictor === 2) return undoTiff(data, p, rowBytes);
  if (p.predictor >= 10) return undoPng(data, Math.max(1, Math.ceil((p.colors * p.bitsPerComponent) / 8)), rowBytes);
  throw new PdfInputProblem('INPUT_UNSUPPORTED', `predictorul ${p.predictor} nu este acceptat`, { predictor: p.predictor });
}

function undoPng(data: Uint8Array, bpp: number, rowBytes: number): Uint8Array {
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = new Uint8Array(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const tag = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    const up = dst - rowBytes; // previous output row; on the first row it counts as zeros
    out.set(data.subarray(src, src + rowBytes), dst);
    if (tag === 0) continue;
    if (tag === 1) {
      for (let i = bpp; i < rowBytes; i++) out[dst + i] = (out[dst + i]! + out[dst + i - bpp]!) & 0xff;
    } else if (tag === 2) {
      if (r > 0) for (let i = 0; i < rowBytes; i++) out[dst + i] = (out[dst + i]! + out[up + i]!) & 0xff;
    } else if (tag === 3) {
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= bpp ? out[dst + i - bpp]! : 0;
        const b = r > 0 ? out[up + i]! : 0;
        out[dst + i] = (out[dst + i]! + ((a + b) >> 1)) & 0xff;
      }
    } else if (tag === 4) {
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= bpp ? out[dst + i - bpp]! : 0;
        const b = r > 0 ? out[up + i]! : 0;
        const c = r > 0 && i >= bpp ? out[up + i - bpp]! : 0;
        out[dst + i] = (out[dst + i]! + paeth(a, b, c)) & 0xff;
      }
    } else {
      throw new PdfInputProblem('INPUT_CORRUPT', 'imaginea este deteriorată', { pngFilter: tag, row: r });
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

function undoTiff(data: Uint8Array, p: PredictorParams, rowBytes: number): Uint8Array {
  const rows = Math.floor(data.length / rowBytes);
  const out = data.slice(0, rows * rowBytes);
  const { colors, bitsPerComponent: bpc, columns } = p;
  for (let r = 0; r < rows; r++) {
    const row = r * rowBytes;
    if (bpc === 8) {
      for (let i = colors; i < rowBytes; i++) out[row + i] = (out[row + i]! + out[row + i - colors]!) & 0xff;
    } else if (bpc === 16) {
      for (let i = colors * 2; i + 1 < rowBytes; i += 2) {
        const v = ((out[row + i]! << 8) | out[row + i + 1]!) + ((out[row + i - colors * 2]! << 8) | out[row + i - colors * 2 + 1]!);
        out[row + i] = (v >> 8) & 0xff;
        out[row + i + 1] = v & 0xff;
      }
    } else {
      const mask = (1 << bpc) - 1;
      const get = (s: number): number => (out[row + ((s * bpc) >> 3)]! >> (8 - bpc - ((s * bpc) & 7))) & mask;
      const set = (s: number, v: number): void => {
        const at = row + ((s * bpc) >> 3);
        const shift = 8 - bpc - ((s * bpc) & 7);
        out[at] = (out[at]! & ~(mask << shift)) | ((v & mask) << shift);
      };
      for (let s = colors; s < columns * colors; s++) set(s, get(s) + get(s - colors));
    }
  }
  return out;
}
