import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderDriver, type FolderEvent } from '../../../station/src/drivers/folder/folder-driver.ts';
import { EsclDriver } from '../../../station/src/drivers/escl/escl-driver.ts';
import { createDriver, defaultDriverName, DRIVER_NAMES } from '../../../station/src/drivers/registry.ts';
import { archivedFiles, journalLedger, jpeg, removeTempDirs, takeAll, tempDir } from './folder/folder-test-helpers.ts';

afterAll(removeTempDirs);
const log = pino({ level: 'silent' });

describe('createDriver', () => {
  it('the watched folder gets the station config: its archive folder, quiet period and size limit', async () => {
    const root = await tempDir('watched');
    const archiveDir = await tempDir('archive');
    const ledger = journalLedger(await tempDir('ledger'));
    const events: FolderEvent[] = [];
    const folder = { quietMs: 300, quickQuietMs: 100, usePolling: false, archiveDir, watched: [], maxFileMb: 1 };
    const driver = await createDriver('folder', { env: {}, dataDir: '', log, ledger, folder, onFolderEvent: (e) => events.push(e) });
    expect(driver).toBeInstanceOf(FolderDriver);
    await writeFile(path.join(root, 'p1.jpg'), await jpeg(1));
    await writeFile(path.join(root, 'mare.pdf'), Buffer.alloc(1024 ** 2 + 1));
    const taken = await takeAll(driver as FolderDriver, root, { options: { 'idle-ms': '800' } });
    expect(taken.map((t) => t.name)).toEqual(['p1.jpg']);
    expect([...(await archivedFiles(archiveDir)).keys()]).toEqual(['p1.jpg']); // in whichever day folder (a run across midnight)
    expect(events.filter((e) => e.type === 'ignored')).toEqual([{ type: 'ignored', file: path.join(root, 'mare.pdf'), reason: 'too large', size: 1024 ** 2 + 1, limit: 1024 ** 2 }]);
  });

  it('the eSCL driver gets the configured scanners as its devices, and only those', async () => {
    const driver = await createDriver('escl', { env: {}, dataDir: '', log, escl: { scanners: ['http://127.0.0.1:9/eSCL/'] } });
    expect(driver).toBeInstanceOf(EsclDriver);
    await expect(driver.getCapabilities('http://127.0.0.1:10/eSCL')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    await expect(driver.getCapabilities('http://127.0.0.1:9/eSCL')).rejects.toMatchObject({ code: 'DEVICE_OFFLINE' });
    expect(DRIVER_NAMES).toContain('escl');
  });

  it('names the default driver per platform and refuses an unknown one in Romanian', async () => {
    expect(defaultDriverName('win32')).toBe('wia');
    expect(defaultDriverName('linux')).toBe('sane');
    await expect(createDriver('twain', { env: {}, dataDir: '', log })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('nu există') });
  });
});
