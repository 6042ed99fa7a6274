/**
 * `collectFolderWarnings`, the one handler `station scan` and the web app's scan runner give the
 * folder driver: each warning kept for the batch's summary and said as it comes, in order; the
 * folder's other events (watching, archived …) neither kept nor said.
 */
import { describe, expect, it } from 'vitest';
import type { ScanWarning } from '../../../station/src/scan/folder-warnings.ts';
import { collectFolderWarnings } from '../../../station/src/scan/folder-warnings.ts';

describe('collectFolderWarnings', () => {
  it('keeps and says the skipped and already-taken files, in order, and nothing else', () => {
    const said: ScanWarning[] = [];
    const { warnings, onFolderEvent } = collectFolderWarnings((w) => said.push(w));
    onFolderEvent({ type: 'watching', folder: '/in' });
    onFolderEvent({ type: 'ignored', file: '/in/note.txt', reason: 'not a page file type' });
    onFolderEvent({ type: 'ignored', file: '/in/.p1.tif.part', reason: 'hidden or temporary' });
    onFolderEvent({ type: 'archived', file: '/in/p1.tif', archivedTo: '/in/.arhiva/p1.tif' });
    onFolderEvent({ type: 'duplicate', file: '/in/p1 (copie).tif', action: 'skipped' });
    expect(said.map((w) => [w.code, w.file])).toEqual([['INPUT_SKIPPED', '/in/note.txt'], ['FILE_ALREADY_TAKEN', '/in/p1 (copie).tif']]);
    expect(warnings).toEqual(said.map((w) => ({ code: w.code, message: w.message })));
    expect(warnings[1]!.message).toBe('Fișierul „p1 (copie).tif” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.');
  });

  it('says a file too large to take as a skipped file, naming it and the limit (as eSCL says a page too large)', () => {
    const said: ScanWarning[] = [];
    const { onFolderEvent } = collectFolderWarnings((w) => said.push(w));
    onFolderEvent({ type: 'ignored', file: '/in/mare.pdf', reason: 'too large', size: 3 * 1024 ** 3, limit: 512 * 1024 ** 2 });
    onFolderEvent({ type: 'ignored', file: '/in/lot 2.tif', reason: 'too large', size: 2_000_000, limit: 1024 ** 2 });
    expect(said).toEqual([
      {
        code: 'INPUT_SKIPPED',
        file: '/in/mare.pdf',
        message: 'Fișierul „mare.pdf” din dosarul urmărit este prea mare (peste 512 MB) și nu a fost preluat. Scanați-l în mai multe fișiere sau la o rezoluție mai mică.',
      },
      {
        code: 'INPUT_SKIPPED',
        file: '/in/lot 2.tif',
        message: 'Fișierul „lot 2.tif” din dosarul urmărit este prea mare (peste 1 MB) și nu a fost preluat. Scanați-l în mai multe fișiere sau la o rezoluție mai mică.',
      },
    ]);
  });
});
