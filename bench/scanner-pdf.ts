/** Builds a scanner-style PDF from a folder of JPEG pages: one page per image, the JPEG embedded as it is. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { writeFileAtomic } from '../station/src/fs/atomic-write.ts';

export async function makeScannerPdf(dir: string, outFile: string, dpi = 300): Promise<number> {
  const files = (await readdir(dir)).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setProducer('Scan Station bench (scanner-style PDF)');
  for (const f of files) {
    const img = await doc.embedJpg(await readFile(path.join(dir, f)));
    const w = (img.width * 72) / dpi;
    const h = (img.height * 72) / dpi;
    doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  }
  await writeFileAtomic(outFile, await doc.save({ useObjectStreams: false }));
  return files.length;
}
