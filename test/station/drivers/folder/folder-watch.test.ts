/** FolderWatch's wait between polls, and what it observes between them, on a ManualClock. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { FolderWatch } from '../../../../station/src/drivers/folder/folder-watch.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { tempDir } from './folder-test-helpers.ts';

async function watchOn(clock: ManualClock): Promise<FolderWatch> {
  return new FolderWatch(await tempDir('watch'), { excluded: [], quietMs: 300, recursive: false, usePolling: false, rescanMs: 0, clock });
}

describe('FolderWatch.waitForChange', () => {
  it('returns at once for a signal that has already fired (its abort event will not fire again)', async () => {
    const clock = new ManualClock();
    const ac = new AbortController();
    ac.abort();
    await (await watchOn(clock)).waitForChange(60_000, ac.signal); // before the fix: waited for the clock, which never moves
    expect(clock.pending).toBe(0);
  });

  it('waits for its period on the clock, and an abort meanwhile ends it and cancels the timer', async () => {
    const clock = new ManualClock();
    const watch = await watchOn(clock);
    let done = false;
    const waiting = watch.waitForChange(500, undefined).then(() => (done = true));
    await clock.waiting();
    clock.advance(499);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await waiting;
    const ac = new AbortController();
    const aborted = watch.waitForChange(500, ac.signal);
    await clock.waiting();
    ac.abort();
    await aborted;
    expect(clock.pending).toBe(0);
  });
});

describe('FolderWatch observing', () => {
  it('observes a file written while nobody waits at once (its quiet period runs while a page is handed over), at the time it came', async () => {
    const clock = new ManualClock();
    const watch = await watchOn(clock);
    const early = path.join(watch.root, 'a.jpg');
    await writeFile(early, 'a');
    await watch.start();
    try {
      expect(watch.tracker.has(early)).toBe(false); // the files there at the start: observed together by the first refresh
      await watch.refresh();
      expect(watch.tracker.has(early)).toBe(true);
      clock.advance(1000);
      const before = watch.changeCount;
      const late = path.join(watch.root, 'b.jpg');
      await writeFile(late, 'bb');
      // no refresh() here: before, the file waited for the scan loop's next pass to be observed at all
      await vi.waitFor(() => expect(watch.tracker.has(late)).toBe(true), { timeout: 30_000, interval: 20 });
      expect(watch.changeCount).toBeGreaterThan(before); // the loop knows to look again at once
      expect(watch.stable(300)).toEqual([early]);
      clock.advance(300);
      expect(watch.stable(300)).toEqual([early, late]); // quiet 300 ms after it came, not after a later pass
    } finally {
      await watch.close();
    }
  });
});
