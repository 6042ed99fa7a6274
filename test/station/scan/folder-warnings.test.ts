/**
 * `collectFolderWarnings`, the one handler `station scan` and the web app's scan runner give the
 * folder driver: each warning kept for the batch's summary and said as it comes, in order, once; the
 * folder's other events (watching, archived …) neither kept nor said. A resumed batch's warnings
 * (`attach`) are those of all its runs, kept in the real journal, each once.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import type { BatchWarning, ScanWarning } from '../../../station/src/scan/folder-warnings.ts';
import { collectFolderWarnings } from '../../../station/src/scan/folder-warnings.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

describe('collectFolderWarnings', () => {
  it('keeps and says the skipped and already-taken files, in order, and nothing else', () => {
    const said: (ScanWarning | BatchWarning)[] = [];
    const { warnings, onFolderEvent } = collectFolderWarnings((w) => said.push(w));
    onFolderEvent({ type: 'watching', folder: '/in' });
    onFolderEvent({ type: 'ignored', file: '/in/note.txt', reason: 'not a page file type' });
    onFolderEvent({ type: 'ignored', file: '/in/.p1.tif.part', reason: 'hidden or temporary' });
    onFolderEvent({ type: 'archived', file: '/in/p1.tif', archivedTo: '/in/.arhiva/p1.tif' });
    onFolderEvent({ type: 'duplicate', file: '/in/p1 (copie).tif', action: 'skipped' });
    expect(said.map((w) => [w.code, 'file' in w ? w.file : null])).toEqual([['INPUT_SKIPPED', '/in/note.txt'], ['FILE_ALREADY_TAKEN', '/in/p1 (copie).tif']]);
    expect(warnings.list).toEqual(said.map((w) => ({ code: w.code, message: w.message })));
    expect(warnings.list[1]!.message).toBe('Fișierul „p1 (copie).tif” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.');
  });

  it('says a file too large to take as a skipped file, naming it and the limit (as eSCL says a page too large)', () => {
    const said: (ScanWarning | BatchWarning)[] = [];
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

  it('trusts the driver: each warning it reports is its own, even in the same words (a scanner reusing a name, a/x.txt and b/x.txt)', () => {
    const said: (ScanWarning | BatchWarning)[] = [];
    const { warnings, onFolderEvent } = collectFolderWarnings((w) => said.push(w));
    // the driver reports a new file that reuses a name (the first was archived): a second page dropped again
    onFolderEvent({ type: 'duplicate', file: '/in/SCAN0001.PDF', action: 'skipped' });
    onFolderEvent({ type: 'duplicate', file: '/in/SCAN0001.PDF', action: 'skipped' });
    // recursive: two files of one name in two subfolders
    onFolderEvent({ type: 'ignored', file: '/in/a/x.txt', reason: 'not a page file type' });
    onFolderEvent({ type: 'ignored', file: '/in/b/x.txt', reason: 'not a page file type' });
    expect(said.map((w) => w.code)).toEqual(['FILE_ALREADY_TAKEN', 'FILE_ALREADY_TAKEN', 'INPUT_SKIPPED', 'INPUT_SKIPPED']);
    expect(warnings.list).toHaveLength(4);
  });
});

describe('a scan batch\'s warnings across a pause and a resume (real journal)', () => {
  let tmp: { dir: string; cleanup: () => Promise<void> };
  let db: JournalDb;
  beforeEach(async () => {
    tmp = await makeTempDir('folder-warnings-');
    db = openJournal(path.join(tmp.dir, 'data'));
  });
  afterEach(async () => {
    db.close();
    await tmp.cleanup();
  });

  it('ends with the warnings of every run, in order, each once; the web app also says the earlier ones again', () => {
    const journal = createBatchJournal(db);
    journal.start({ id: 'lot-1', kind: 'scan', outDir: '/out', options: {} });
    const keep = (w: BatchWarning) => journal.addWarning('lot-1', w);

    // the first run: a copy of a page already taken, and a note that is not a page (it stays in the folder)
    const first = collectFolderWarnings(() => {});
    first.onFolderEvent({ type: 'duplicate', file: '/in/copie-p2.jpg', action: 'skipped' }); // before the batch is in the journal
    first.warnings.attach(journal.warnings('lot-1'), keep);
    first.onFolderEvent({ type: 'ignored', file: '/in/note.txt', reason: 'not a page file type' });
    const both = [...first.warnings.list];
    expect(both.map((w) => w.code)).toEqual(['FILE_ALREADY_TAKEN', 'INPUT_SKIPPED']);
    expect(journal.warnings('lot-1')).toEqual([{ ...both[0], file: '/in/copie-p2.jpg' }, { ...both[1], file: '/in/note.txt' }]); // kept as they came: a pause or a crash now loses none

    // resumed (a new driver, a new collector): the note is named again by the folder
    const said: (ScanWarning | BatchWarning)[] = [];
    const second = collectFolderWarnings((w) => said.push(w), { sayEarlier: true });
    second.warnings.attach(journal.warnings('lot-1'), keep);
    second.onFolderEvent({ type: 'ignored', file: '/in/note.txt', reason: 'not a page file type' });
    second.onFolderEvent({ type: 'ignored', file: '/in/alta.txt', reason: 'not a page file type' });
    expect(second.warnings.list.map((w) => w.message)).toEqual([...both.map((w) => w.message), expect.stringContaining('„alta.txt”')]);
    expect(said.map((w) => w.message)).toEqual(second.warnings.list.map((w) => w.message));
    expect(journal.warnings('lot-1').map(({ code, message }) => ({ code, message }))).toEqual(second.warnings.list);
  });

  it('keeps two warnings in the same words of two files, and leaves out on resume only the one said again for the same file', () => {
    const journal = createBatchJournal(db);
    journal.start({ id: 'lot-2', kind: 'scan', outDir: '/out', options: {} });
    const keep = (w: BatchWarning) => journal.addWarning('lot-2', w);
    const first = collectFolderWarnings(() => {});
    first.warnings.attach(journal.warnings('lot-2'), keep);
    first.onFolderEvent({ type: 'ignored', file: '/in/a/x.txt', reason: 'not a page file type' });
    first.onFolderEvent({ type: 'ignored', file: '/in/b/x.txt', reason: 'not a page file type' });
    first.onFolderEvent({ type: 'duplicate', file: '/in/SCAN0001.PDF', action: 'skipped' });
    expect(journal.warnings('lot-2')).toHaveLength(3); // the old journal kept the words once: 2

    // resumed: both x.txt still in the folder, named again (left out); a new SCAN0001.PDF dropped again (kept)
    const said: string[] = [];
    const second = collectFolderWarnings((w) => said.push('file' in w ? (w.file ?? '') : ''), { sayEarlier: true });
    second.warnings.attach(journal.warnings('lot-2'), keep);
    second.onFolderEvent({ type: 'ignored', file: '/in/b/x.txt', reason: 'not a page file type' });
    second.onFolderEvent({ type: 'ignored', file: '/in/a/x.txt', reason: 'not a page file type' });
    second.onFolderEvent({ type: 'duplicate', file: '/in/SCAN0001.PDF', action: 'skipped' });
    expect(said).toEqual(['/in/a/x.txt', '/in/b/x.txt', '/in/SCAN0001.PDF', '/in/SCAN0001.PDF']);
    expect(second.warnings.list.map((w) => w.code)).toEqual(['INPUT_SKIPPED', 'INPUT_SKIPPED', 'FILE_ALREADY_TAKEN', 'FILE_ALREADY_TAKEN']);
    expect(journal.warnings('lot-2')).toHaveLength(4);
  });

  it('a warning the journal refuses (SQLITE_FULL) is not thrown into the driver: kept as DISK_FULL, still said and listed, saved in order once the journal takes one again', () => {
    let room = false;
    const saved: BatchWarning[] = [];
    const said: string[] = [];
    const { warnings, onFolderEvent } = collectFolderWarnings((w) => said.push(w.message));
    warnings.attach([], (w) => {
      if (!room) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
      saved.push(w);
    }, '/date/station.db');
    expect(() => onFolderEvent({ type: 'ignored', file: '/in/a.txt', reason: 'not a page file type' })).not.toThrow();
    expect(warnings.failure).toMatchObject({ code: 'DISK_FULL', details: { errno: 'SQLITE_FULL', journal: '/date/station.db' } });
    expect((warnings.failure as Error).message).toMatch(/^Jurnalul stației \(„\/date\/station\.db”\) nu a putut păstra avertismentele lotului\. Discul este plin/);
    room = true;
    onFolderEvent({ type: 'ignored', file: '/in/b.txt', reason: 'not a page file type' });
    expect(said).toHaveLength(2);
    expect(saved.map(({ code, message }) => ({ code, message }))).toEqual(warnings.list);
    expect(warnings.failure).toMatchObject({ code: 'DISK_FULL' }); // the batch still stops: the clerk hears of the full disk
  });
});
