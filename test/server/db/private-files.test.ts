import { statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAdminToken } from '../../../server/src/admin-token.ts';
import { DATABASE_FILE } from '../../../server/src/db/open-database.ts';
import { batchReport, startTestApp, tempDir } from '../helpers/test-app.ts';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe.skipIf(process.platform === 'win32')('the registry data is private to the server\'s user', () => {
  it('creates the data folder 0700 and the database, -wal and -shm 0600 (umask 022)', async () => {
    const previous = process.umask(0o022);
    const dataDir = join(tempDir(), 'nou', 'data');
    try {
      const t = await startTestApp({}, dataDir);
      try {
        const token = await t.addStation('st-a');
        expect((await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'b-1') })).status).toBe(201);
        expect(mode(dataDir)).toBe('700');
        for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
          expect(mode(join(dataDir, file)), file).toBe('600');
        }
      } finally {
        await t.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing folder and database left readable by everyone', async () => {
    const dataDir = tempDir();
    chmodSync(dataDir, 0o755);
    const db = join(dataDir, DATABASE_FILE);
    writeFileSync(db, '');
    chmodSync(db, 0o644);
    const t = await startTestApp({}, dataDir);
    await t.app.close();
    expect(mode(dataDir)).toBe('700');
    expect(mode(db)).toBe('600');
  });

  it('the generated admin token file is 0600 in a 0700 folder', () => {
    const dataDir = join(tempDir(), 'd');
    mkdirSync(join(dataDir, '..'), { recursive: true });
    const admin = resolveAdminToken(undefined, dataDir);
    expect(mode(dataDir)).toBe('700');
    expect(mode(admin.file!)).toBe('600');
  });
});
