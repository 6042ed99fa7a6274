/**
 * CPU time of another process (every thread) from Linux's /proc/<pid>/stat: user + system time are
 * counted there in clock ticks, whose rate (`CLK_TCK`, usually 100 a second but not always) is asked
 * of `getconf` once, when this module loads.
 */
import { readFileSync } from 'node:fs';
import { spawn } from '../station/src/exec/spawn-process.ts';

/** Clock ticks a second, from `getconf CLK_TCK`. */
async function clockTicksPerSecond(): Promise<number> {
  // asked while the bench's modules still load (tsx compiles them on the main thread, a minute and
  // more on a busy two-core machine: the answer's 'close' waits behind them, 10 s timed out, 2 Dec 2026)
  const result = await spawn('getconf', ['CLK_TCK'], { timeoutMs: 300_000 });
  const ticks = Number(result.stdout.trim());
  if (result.exitCode !== 0 || !Number.isInteger(ticks) || ticks <= 0) {
    throw new Error(`getconf CLK_TCK: exit ${result.exitCode}, output ${JSON.stringify(result.stdout)}`);
  }
  return ticks;
}

export const CLOCK_TICKS_PER_SECOND = await clockTicksPerSecond();

/** The fields of a /proc/<pid>/stat text after the command (which may itself hold ") "); field 1 is the state. */
export function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

/** User + system CPU ms of those fields (utime and stime, fields 14 and 15 of proc(5)). */
export function cpuMsOfStat(fields: readonly string[]): number {
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** The fields of /proc/<pid>/stat now (throws once the process has ended). */
export function readStatFields(pid: number | string): string[] {
  return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}
