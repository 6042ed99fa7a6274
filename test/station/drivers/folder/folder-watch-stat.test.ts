/**
 * FolderWatch stats each candidate once per look: a pass made on a notification while the scan loop
 * was busy is not repeated by the loop's next refresh; without a notification since, a refresh
 * stats again (a network share's files change without any). stat() is counted through a wrapper
 * of node:fs/promises; the watch runs on a ManualClock.
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FolderWatch } from '../../../../station/src/drivers/folder/folder-watch.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { removeTempDirs, tempDir } from './folder-test-helpers.ts';

const stated = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, stat: (file: string, ...rest: never[]) => (stated.push(path.basename(String(file))), real.stat(file, ...rest)) };
});

afterAll(removeTempDirs);

describe('FolderWatch.refresh', () => {
  it('a file observed on its notification is not stat-ed again by the next refresh; a refresh with nothing noticed since stats', async () => {
    const clock = new ManualClock();
    const watch = new FolderWatch(await tempDir('watch-stat'), { excluded: [], quietMs: 300, recursive: false, usePolling: false, rescanMs: 0, clock });
    await writeFile(path.join(watch.root, 'a.jpg'), 'a');
    await watch.start();
    try {
      stated.length = 0;
      await watch.refresh();
      expect(stated).toEqual(['a.jpg']);
      // written while nobody waits: observed at once, on its notification (both files)
      stated.length = 0;
      const late = path.join(watch.root, 'b.jpg');
      // whole at once (renamed from a hidden name the watch ignores): written in place, its creation
      // and its bytes could come as two notifications, the second after the wait below, and its own
      // pass stat-ed both files again before the refresh
      await writeFile(path.join(watch.root, '.b.jpg'), 'bb');
      await rename(path.join(watch.root, '.b.jpg'), late);
      await vi.waitFor(() => expect(watch.tracker.has(late)).toBe(true), { timeout: 30_000, interval: 20 });
      const byNotification = stated.length;
      expect(byNotification).toBeGreaterThanOrEqual(2);
      await watch.refresh(); // the scan loop's next look: those stats are fresh
      expect(stated.length).toBe(byNotification);
      await watch.refresh(); // nothing noticed since: a look of its own
      expect(stated.slice(byNotification).sort()).toEqual(['a.jpg', 'b.jpg']);
    } finally {
      await watch.close();
    }
  });
});
