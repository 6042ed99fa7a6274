/**
 * The bench's page check: an output page that looks like its scanned page passes; one turned,
 * darker, of another size or grayed from a colour scan is reported. The scanned page is seen as a
 * viewer shows it (EXIF Orientation honoured).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPageFidelity, type KeptPage } from '../../bench/page-fidelity.ts';
import { contentPage, toJpeg } from '../support/make-pages.ts';

const DPI = 100;
let dir: string;
let upright: Buffer;

/** A one-page PDF showing `jpeg` on a page of `scale` times its size at DPI. */
async function pdfOf(jpeg: Buffer, file: string, scale = 1): Promise<void> {
  const doc = await PDFDocument.create();
  const img = await doc.embedJpg(jpeg);
  const w = (img.width / DPI) * 72 * scale;
  const h = (img.height / DPI) * 72 * scale;
  doc.addPage([w, h]).drawImage(img, { x: 0, y: 0, width: w, height: h });
  await writeFile(path.join(dir, file), await doc.save());
}

async function check(input: Buffer, output: string): Promise<string[]> {
  await writeFile(path.join(dir, 'in.jpg'), input);
  const kept: KeptPage = { origin: { file: path.join(dir, 'in.jpg'), pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'in.jpg', file: output, page: 1 };
  return checkPageFidelity(dir, [kept], DPI);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'page-fidelity-'));
  upright = await toJpeg(await contentPage(DPI, 9), 90);
  await pdfOf(upright, 'same.pdf');
  await pdfOf(upright, 'small.pdf', 0.5);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('checkPageFidelity', () => {
  it('passes a page that looks like its scan, also when the scan is stored turned with an Orientation tag', async () => {
    expect(await check(upright, 'same.pdf')).toEqual([]);
    const storedTurned = await sharp(await sharp(upright).rotate(180).toBuffer()).withMetadata({ orientation: 3, density: DPI }).jpeg().toBuffer();
    expect(await check(storedTurned, 'same.pdf')).toEqual([]);
  });

  it('reports a page that is turned, darker, of another size or no longer in colour', async () => {
    const turned = await sharp(upright).rotate(180).withMetadata({ density: DPI }).jpeg().toBuffer();
    expect(await check(turned, 'same.pdf')).toEqual([expect.stringMatching(/in\.jpg → same\.pdf p\. 1: turned or mirrored/)]);
    const darker = await sharp(upright).linear(0.7, 0).withMetadata({ density: DPI }).jpeg().toBuffer();
    expect(await check(darker, 'same.pdf')).toEqual([expect.stringMatching(/: tone \d+, scanned \d+/)]);
    expect(await check(upright, 'small.pdf')).toEqual([expect.stringMatching(/: page 105×14\d mm, scanned 210×297 mm/)]);
    // the same page on yellowish paper with brown ink, as a colour scan
    const { data, info } = await sharp(upright).grayscale().raw().toBuffer({ resolveWithObject: true });
    const rgb = Buffer.alloc(info.width * info.height * 3);
    for (let i = 0; i < info.width * info.height; i++) rgb.set([data[i]!, Math.round(data[i]! * 0.85), Math.round(data[i]! * 0.6)], 3 * i);
    const tinted = await sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).withMetadata({ density: DPI }).jpeg().toBuffer();
    await pdfOf(await sharp(tinted).grayscale().jpeg().toBuffer(), 'tinted-gray.pdf');
    // its only colour is the paper's tint (issue 16: such a page may be stored gray): nothing lost
    expect(await check(tinted, 'tinted-gray.pdf')).toEqual([]);
    // a red block (a stamp, a logo) on it is colour beyond the paper: grayed, it is lost
    for (let y = Math.round(info.height * 0.5); y < Math.round(info.height * 0.8); y++) {
      for (let x = Math.round(info.width * 0.3); x < Math.round(info.width * 0.7); x++) rgb.set([200, 40, 55], 3 * (y * info.width + x));
    }
    const colour = await sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } }).withMetadata({ density: DPI }).jpeg().toBuffer();
    await pdfOf(await sharp(colour).grayscale().jpeg().toBuffer(), 'gray.pdf');
    expect(await check(colour, 'gray.pdf')).toEqual([expect.stringMatching(/: colour lost/)]);
  });
});
