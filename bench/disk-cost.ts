/**
 * What one 300 dpi A4 text page costs on disk in each storage mode: a one-page PDF written by the
 * station's own writer, from the same scanned page (a grayscale JPEG at scanner quality).
 *   - JPEG as scanned (passed through untouched);
 *   - JPEG q90 re-encoded (what a gray PNG/TIFF/PNM page becomes by default);
 *   - Flate, 8-bit gray, lossless (`lossless: true`);
 *   - CCITT G4, bitonal (what a lineart scan becomes).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { encodeG4 } from '../station/src/imaging/ccitt-g4-encode.ts';
import { encodeJpeg, openEncoded, packBitonal, toPixels } from '../station/src/imaging/sharp-adapter.ts';
import type { EmbedImage } from '../station/src/pipeline/page-types.ts';
import { PdfImageWriter } from '../station/src/pdf/pdf-image-writer.ts';

export interface DiskCost {
  mode: string;
  kib: number;
}

export async function measureDiskCost(jpegFile: string, dpi = 300): Promise<DiskCost[]> {
  const jpeg = new Uint8Array(await readFile(jpegFile));
  const px = await toPixels(openEncoded(jpeg), path.basename(jpegFile));
  const { width, height } = px;
  const modes: [string, EmbedImage][] = [
    ['gray JPEG as the scanner wrote it (q85, untouched)', { filter: 'DCTDecode', data: jpeg, width, height, components: 1 }],
    ['gray JPEG q90 (gray PNG/TIFF/PNM pages)', { filter: 'DCTDecode', data: await encodeJpeg(px, 90), width, height, components: 1 }],
    ['8-bit gray Flate, lossless (lossless: true)', { filter: 'FlateDecode', data: deflateSync(px.data, { level: 6 }), width, height, components: 1, bitsPerComponent: 8 }],
    ['CCITT G4 bitonal (lineart scans)', { filter: 'CCITTFaxDecode', data: encodeG4(packBitonal(px.data, width, height), width, height), width, height, k: -1, blackIs1: false }],
  ];
  const dir = await mkdtemp(path.join(tmpdir(), 'disk-cost-'));
  try {
    const out: DiskCost[] = [];
    for (const [mode, img] of modes) {
      const file = path.join(dir, `${out.length}.pdf`);
      const w = await PdfImageWriter.create(file);
      await w.addPage(img, dpi, dpi);
      await w.finish({ title: 'bench', producer: 'Scan Station bench', creationDate: new Date() });
      out.push({ mode, kib: (await stat(file)).size / 1024 });
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
