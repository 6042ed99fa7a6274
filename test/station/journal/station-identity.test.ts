/**
 * The station's name is fixed once in the journal (a real SQLite file): a later, different name in
 * the configuration is a conflict, never a silent change; only an explicit change replaces it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createStationIdentity } from '../../../station/src/journal/station-identity.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let db: JournalDb;
beforeEach(async () => {
  tmp = await makeTempDir('station-identity-');
  db = openJournal(tmp.dir);
});
afterEach(async () => {
  if (db.open) db.close();
  await tmp.cleanup();
});

describe('station identity', () => {
  it('no name configured: none is invented (the old default «statie» is gone)', () => {
    expect(loadConfig({ env: {}, cwd: tmp.dir }).server.stationName).toBe('');
    expect(createStationIdentity(db).resolve('')).toEqual({ name: null, fixedAt: null, conflict: null });
    expect(createStationIdentity(db).get()).toBeNull();
  });

  it('the first configured name is fixed; the same name again is fine; another one is a conflict and changes nothing', () => {
    const id = createStationIdentity(db);
    expect(id.resolve('ghiseu-1')).toMatchObject({ name: 'ghiseu-1', conflict: null });
    db.close();
    db = openJournal(tmp.dir);
    const again = createStationIdentity(db);
    expect(again.resolve('ghiseu-1')).toMatchObject({ name: 'ghiseu-1', conflict: null });
    expect(again.resolve(null)).toMatchObject({ name: 'ghiseu-1', conflict: null });
    expect(again.resolve('ghiseu-2')).toMatchObject({ name: 'ghiseu-1', conflict: { recorded: 'ghiseu-1', configured: 'ghiseu-2' } });
    expect(again.get()!.name).toBe('ghiseu-1');
    again.change('ghiseu-2');
    expect(again.resolve('ghiseu-2')).toMatchObject({ name: 'ghiseu-2', conflict: null });
  });
});
