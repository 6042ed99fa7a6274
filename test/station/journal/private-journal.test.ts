import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../station/src/journal/open-journal.ts';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe.skipIf(process.platform === 'win32')('the station journal is private to the clerk\'s user', () => {
  it('creates the data folder 0700 and station.db, -wal and -shm 0600 (umask 022)', () => {
    const previous = process.umask(0o022);
    const dataDir = join(mkdtempSync(join(tmpdir(), 'journal-')), 'scan-station');
    try {
      const db = openJournal(dataDir);
      try {
        db.exec('CREATE TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1)');
        expect(mode(dataDir)).toBe('700');
        for (const file of ['station.db', 'station.db-wal', 'station.db-shm']) expect(mode(join(dataDir, file)), file).toBe('600');
      } finally {
        db.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing journal left readable by everyone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'journal-'));
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'station.db'), '');
    chmodSync(join(dataDir, 'station.db'), 0o644);
    openJournal(dataDir).close();
    expect(mode(dataDir)).toBe('700');
    expect(mode(join(dataDir, 'station.db'))).toBe('600');
  });
});
