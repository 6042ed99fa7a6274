/**
 * The bench's CPU time of a process from /proc: the clock tick rate comes from `getconf CLK_TCK`,
 * and the figure for this very process agrees with Node's own account of its CPU time.
 */
import { expect, it } from 'vitest';
import { CLOCK_TICKS_PER_SECOND, cpuMsOfStat, readStatFields, statFields } from '../../bench/proc-cpu.ts';
import { spawn } from '../../station/src/exec/spawn-process.ts';

it('reads the tick rate once from getconf and turns utime + stime into milliseconds with it', async () => {
  const getconf = await spawn('getconf', ['CLK_TCK']);
  expect(CLOCK_TICKS_PER_SECOND).toBe(Number(getconf.stdout.trim()));
  // a command holding ") " and spaces; utime 250 and stime 50 ticks
  const stat = `4242 (node (a) b) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 777 0 0`;
  expect(statFields(stat)[0]).toBe('S');
  expect(cpuMsOfStat(statFields(stat))).toBe((300 * 1000) / CLOCK_TICKS_PER_SECOND);
});

it('agrees with process.cpuUsage() for this process, within two ticks', () => {
  let x = 0;
  for (let i = 0; i < 3e7; i++) x = (x + i * 7) % 1_000_003; // some CPU time to measure
  expect(x).toBeGreaterThanOrEqual(0);
  const before = process.cpuUsage();
  const fromProc = cpuMsOfStat(readStatFields(process.pid));
  const after = process.cpuUsage();
  const tick = 1000 / CLOCK_TICKS_PER_SECOND;
  expect(fromProc).toBeGreaterThanOrEqual((before.user + before.system) / 1000 - 2 * tick);
  expect(fromProc).toBeLessThanOrEqual((after.user + after.system) / 1000 + 2 * tick);
});
