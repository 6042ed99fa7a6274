/** Disk failures get their own stable codes and Romanian messages naming the path. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { diskError, diskReason, ioError, stationErrorFromFs } from '../../../station/src/fs/fs-errors.ts';

const errno = (code: string, p?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: x`), { code, syscall: 'write', ...(p ? { path: p } : {}) });

describe('diskError', () => {
  it.each([
    ['ENOSPC', 'DISK_FULL', 'Discul este plin („/out/a.pdf”)'],
    ['EDQUOT', 'DISK_FULL', 'Discul este plin'],
    ['SQLITE_FULL', 'DISK_FULL', 'Discul este plin'],
    ['EACCES', 'FILE_ACCESS_DENIED', 'Acces refuzat („/out/a.pdf”)'],
    ['EPERM', 'FILE_ACCESS_DENIED', 'Acces refuzat'],
    ['EROFS', 'READ_ONLY_FS', 'doar pentru citire'],
  ])('%s → %s', (code, mapped, text) => {
    const e = diskError(errno(code, code.startsWith('SQLITE') ? undefined : '/out/a.pdf'));
    expect(e).toBeInstanceOf(StationError);
    expect(e!.code).toBe(mapped);
    expect(e!.message).toContain(text);
    expect(e!.details).toMatchObject({ errno: code });
  });

  it('a file held open by another program (EBUSY: Excel, an antivirus on Windows) is FILE_ACCESS_DENIED saying so, naming the file and what to do', () => {
    const e = stationErrorFromFs(errno('EBUSY', 'C:\\Predare\\.lista.csv.1234.tmp'), { file: 'C:\\Predare\\lista.csv', writing: true }) as StationError;
    expect(e).toBeInstanceOf(StationError);
    expect(e).toMatchObject({ code: 'FILE_ACCESS_DENIED', details: { errno: 'EBUSY', path: 'C:\\Predare\\lista.csv', syscall: 'write' } });
    expect(e.message).toBe('Fișierul sau dosarul „C:\\Predare\\lista.csv” este ținut deschis de alt program (Excel, un antivirus care îl verifică?): '
      + 'stația nu îl poate scrie. Închideți programul care îl ține deschis, apoi încercați din nou.');
    expect(diskError(errno('EBUSY', '/in/p1.tif'), { writing: false })!.message).toContain('„/in/p1.tif” este ținut deschis de alt program (Excel, un antivirus care îl verifică?): stația nu îl poate citi.');
    expect(diskError(errno('EBUSY'), { shown: 'predare' })!.message).toMatch(/^Fișierul sau dosarul „predare” este ținut deschis/);
    expect(diskError(errno('EBUSY'))!.message).toMatch(/^Un fișier sau dosar este ținut deschis de alt program/);
  });

  it('a path through a file where a folder should be (ENOTDIR, a real mkdir under a file) is FILE_ACCESS_DENIED naming it and what to do', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fs-errors-'));
    try {
      const blocker = path.join(dir, 'date-statie');
      await writeFile(blocker, 'not a folder');
      const err = await mkdir(path.join(blocker, 'logs'), { recursive: true }).then(() => null, (e: unknown) => e);
      const e = stationErrorFromFs(err, { writing: true }) as StationError;
      expect(e).toBeInstanceOf(StationError);
      expect(e).toMatchObject({ code: 'FILE_ACCESS_DENIED', details: { errno: 'ENOTDIR' } });
      expect(e.message).toMatch(/^Calea \(„.*date-statie.*”\) trece printr-un fișier acolo unde ar trebui să fie un dosar: stația nu poate scrie acolo\. Alegeți alt dosar sau mutați fișierul care poartă numele dosarului\.$/);
      expect(diskReason('ENOTDIR')).toBe('o parte a căii este un fișier, nu un dosar');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an input/output error (EIO, SQLite\'s) is DISK_IO_ERROR through ioError and stationErrorFromFs, never through diskError', () => {
    const eio = errno('EIO', '/out/a.pdf');
    expect(diskError(eio)).toBeNull(); // the PDF writer's own OUTPUT_FAILED names the document instead
    const e = stationErrorFromFs(eio) as StationError;
    expect(e).toBeInstanceOf(StationError);
    expect(e).toMatchObject({ code: 'DISK_IO_ERROR', details: { errno: 'EIO', path: '/out/a.pdf' } });
    expect(e.message).toContain('Discul a dat o eroare de citire sau scriere („/out/a.pdf”)');
    expect(ioError(errno('SQLITE_IOERR_WRITE'))!.code).toBe('DISK_IO_ERROR');
    expect(ioError(errno('EIO'), { path: '/mnt/stick', writing: true })!.message).toContain('eroare de scriere („/mnt/stick”)');
    expect(ioError(errno('EIO', '/in/p1.tif'), { writing: false })!.message).toContain('eroare de citire („/in/p1.tif”)');
    expect(ioError(errno('ENOSPC'))).toBeNull();
  });

  it('names the folder given when the error carries no path; leaves other errors alone', () => {
    expect(diskError(errno('ENOSPC'), { path: '/mnt/stick' })!.message).toContain('„/mnt/stick”');
    const other = errno('ENOENT', '/x');
    expect(diskError(other)).toBeNull();
    expect(stationErrorFromFs(other)).toBe(other);
    const se = new StationError('INPUT_CORRUPT');
    expect(stationErrorFromFs(se)).toBe(se);
    expect(diskError(new Error('plain'))).toBeNull();
  });
});

describe('diskReason', () => {
  it('says each group in a few words (one list with diskError), EFBIG too; undefined for other codes', () => {
    expect(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EBUSY', 'EROFS', 'EIO', 'EFBIG', 'ENOENT', undefined].map(diskReason)).toEqual([
      'discul este plin', 'discul este plin', 'acces refuzat', 'acces refuzat', 'fișierul sau dosarul este ținut deschis de alt program', 'discul este doar pentru citire',
      'eroare de citire sau scriere a discului', 'fișierul depășește mărimea permisă pe acest disc', undefined, undefined]);
  });

  it('a file given in the context is named in place of the error\'s own path (a temporary file)', () => {
    expect(diskError(errno('ENOSPC', '/out/.a.pdf.1234.tmp'), { file: '/out/a.pdf' })!.message).toContain('(„/out/a.pdf”)');
  });
});
