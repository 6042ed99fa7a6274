/**
 * Turns document ids (untrusted barcode values) into file names that are safe on Windows and
 * Linux and can never leave the output folder; keeps names unique case-insensitively.
 */
import { createHash } from 'node:crypto';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_STEM = 80;

export function safeStem(id: string): string {
  let stem = id
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // ă → a, ș → s (diacritics are not needed in file names)
    .replace(/[/\\]/g, '_')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/_+/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._-]+|[._ -]+$/g, '');
  if (stem.length > MAX_STEM) {
    const digest = createHash('sha256').update(id).digest('hex').slice(0, 10);
    stem = `${stem.slice(0, MAX_STEM - 11)}-${digest}`;
  }
  if (stem === '') stem = 'document';
  const base = stem.split('.')[0] ?? stem;
  if (WINDOWS_RESERVED.test(base)) stem = `_${stem}`;
  return stem;
}

/** Allocates unique `<stem>.pdf` names within one output folder. */
export class FileNameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.taken.add(r.toLowerCase());
  }

  allocate(id: string): string {
    const stem = safeStem(id);
    for (let n = 1; ; n++) {
      const name = n === 1 ? `${stem}.pdf` : `${stem}-${n}.pdf`;
      if (!this.taken.has(name.toLowerCase())) {
        this.taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}
