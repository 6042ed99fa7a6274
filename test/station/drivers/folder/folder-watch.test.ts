/** FolderWatch's wait between polls, on a ManualClock (it never moves here). */
import { describe, expect, it } from 'vitest';
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
