import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../station/src/inputs/detect-format.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

describe('detectFormat (by content, never by name)', () => {
  it('recognises the formats sharp writes', async () => {
    const img = sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } });
    expect(detectFormat(new Uint8Array(await img.clone().jpeg().toBuffer()))).toBe('jpeg');
    expect(detectFormat(new Uint8Array(await img.clone().png().toBuffer()))).toBe('png');
    expect(detectFormat(new Uint8Array(await img.clone().tiff().toBuffer()))).toBe('tiff');
  });

  it('recognises both TIFF byte orders, PNM variants and PDFs with a junk prefix', () => {
    expect(detectFormat(bytes(0x49, 0x49, 0x2a, 0x00))).toBe('tiff');
    expect(detectFormat(bytes(0x4d, 0x4d, 0x00, 0x2a))).toBe('tiff');
    for (const n of [1, 2, 3, 4, 5, 6]) expect(detectFormat(text(`P${n}\n1 1\n`))).toBe('pnm');
    expect(detectFormat(text('%PDF-1.4\n'))).toBe('pdf');
    expect(detectFormat(text(`${'\0'.repeat(100)}%PDF-1.7`))).toBe('pdf');
  });

  it('refuses what is not a page', () => {
    expect(detectFormat(text('Lista documentelor din 27.09.2021\n'))).toBeNull();
    expect(detectFormat(text('P7\n'))).toBeNull(); // PAM
    expect(detectFormat(text('GIF89a'))).toBeNull();
    expect(detectFormat(bytes(0xff, 0xd8))).toBeNull(); // too short to be a JPEG
    expect(detectFormat(bytes(0x49, 0x49, 0x2b, 0x00))).toBeNull(); // BigTIFF magic is not classic TIFF
    expect(detectFormat(bytes())).toBeNull();
    expect(detectFormat(text(`${' '.repeat(1100)}%PDF-1.7`))).toBeNull(); // beyond the first KB
  });
});
