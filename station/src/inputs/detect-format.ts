/** Recognises input files by their first bytes, never by their extension. */
export type InputFormat = 'jpeg' | 'png' | 'tiff' | 'pnm' | 'pdf';

export function detectFormat(head: Uint8Array): InputFormat | null {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'tiff';
  if (b.length >= 2 && b[0] === 0x50 && b[1]! >= 0x31 && b[1]! <= 0x36) return 'pnm';
  // %PDF may be preceded by junk bytes in the first KB (allowed by readers)
  const text = Buffer.from(b.subarray(0, Math.min(b.length, 1024))).toString('latin1');
  if (text.includes('%PDF-')) return 'pdf';
  return null;
}
