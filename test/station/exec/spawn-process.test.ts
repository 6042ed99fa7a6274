import { existsSync, readFileSync } from 'node:fs';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { spawn } from '../../../station/src/exec/spawn-process.ts';
import { ManualClock } from '../../support/manual-clock.ts';

const node = process.execPath;

// Node's own spawn, watched: the programs really run, and a test can see whether one was started at all
const started = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>();
  return {
    ...real,
    spawn: (...args: Parameters<typeof real.spawn>) => {
      started.files.push(String(args[0]));
      return real.spawn(...args);
    },
  };
});

/** Running (a zombie nobody reaped yet counts as gone: in containers PID 1 may never reap it). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}

async function rejection(p: Promise<unknown>): Promise<StationError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StationError);
  return err as StationError;
}

describe('spawn', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spawn-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns exit code, stdout and stderr without a shell', async () => {
    const r = await spawn(node, ['-e', 'console.log(process.argv[1]); console.error("oops"); process.exit(3)', 'a b; $(echo no) "q"']);
    expect(r.exitCode).toBe(3);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('a b; $(echo no) "q"\n');
    expect(r.stderrTail).toBe('oops\n');
  });

  it('passes env additions and removals, and cwd', async () => {
    process.env.SPAWN_TEST_REMOVE = 'present';
    try {
      const r = await spawn(node, ['-e', 'console.log([process.env.SANE_CONFIG_DIR, process.env.SPAWN_TEST_REMOVE ?? "gone", process.cwd()].join("|"))'], {
        env: { SANE_CONFIG_DIR: '/tmp/sane-conf', SPAWN_TEST_REMOVE: undefined },
        cwd: dir,
      });
      expect(r.stdout.trim()).toBe(`/tmp/sane-conf|gone|${dir}`);
    } finally {
      delete process.env.SPAWN_TEST_REMOVE;
    }
  });

  it('streams stdout lines while the process still runs', async () => {
    const flag = path.join(dir, 'go');
    // the child prints a line, then waits for the test to react to that line: no streaming, no progress
    const script = `
      const fs = require('node:fs');
      process.stdout.write('first\\n');
      const t = setInterval(() => { if (fs.existsSync(${JSON.stringify(flag)})) { clearInterval(t); process.stdout.write('second\\n'); } }, 10);`;
    const seen: string[] = [];
    const r = await spawn(node, ['-e', script], {
      timeoutMs: 10_000,
      onStdoutLine: (line) => {
        seen.push(line);
        if (line === 'first') void writeFile(flag, '');
      },
    });
    expect(seen).toEqual(['first', 'second']);
    expect(r.exitCode).toBe(0);
  });

  it('joins lines split across chunks, strips CR, keeps UTF-8 intact, flushes the last partial line', async () => {
    const script = `
      const w = (b) => new Promise((r) => process.stdout.write(b, () => setTimeout(r, 30)));
      (async () => {
        await w('par'); await w('tial\\r\\n');
        await w(Buffer.from([0xc8])); await w(Buffer.from([0x99]));
        await w('tampilă\\nlast');
      })();`;
    const seen: string[] = [];
    const r = await spawn(node, ['-e', script], { onStdoutLine: (l) => seen.push(l) });
    expect(seen).toEqual(['partial', 'ștampilă', 'last']);
    expect(r.stdout).toBe('partial\r\nștampilă\nlast');
  });

  it('does not keep stdout when capture is off, but still streams lines', async () => {
    const seen: string[] = [];
    const r = await spawn(node, ['-e', 'console.log("x\\ny")'], { captureStdout: false, onStdoutLine: (l) => seen.push(l) });
    expect(r.stdout).toBe('');
    expect(seen).toEqual(['x', 'y']);
  });

  it('streams stderr lines too, and still keeps the stderr tail', async () => {
    const seen: string[] = [];
    const out: string[] = [];
    const r = await spawn(node, ['-e', 'process.stderr.write("Scanning page 1\\nBatch terminated"); process.stdout.write("page\\n")'], {
      onStderrLine: (l) => seen.push(l),
      onStdoutLine: (l) => out.push(l),
    });
    expect(seen).toEqual(['Scanning page 1', 'Batch terminated']);
    expect(out).toEqual(['page']);
    expect(r.stderrTail).toBe('Scanning page 1\nBatch terminated');
  });

  it('keeps only the tail of stderr', async () => {
    const script = 'process.stderr.write("HEAD" + "x".repeat(100000) + "ă-END")';
    const r = await spawn(node, ['-e', script], { stderrTailBytes: 1024 });
    expect(Buffer.byteLength(r.stderrTail)).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(r.stderrTail)).toBeGreaterThan(1000);
    expect(r.stderrTail.endsWith('xă-END')).toBe(true);
    expect(r.stderrTail).not.toContain('HEAD');
  });

  it('keeps 16 KiB of stderr by default', async () => {
    const r = await spawn(node, ['-e', 'process.stderr.write("y".repeat(50000))']);
    expect(r.stderrTail.length).toBe(16 * 1024);
  });

  it('rejects with PROCESS_TIMEOUT and kills the process', async () => {
    const clock = new ManualClock();
    const pids: number[] = [];
    const err = await rejection(
      spawn(node, ['-e', 'console.log(process.pid); setInterval(() => {}, 1000)'], {
        timeoutMs: 300,
        clock,
        onStdoutLine: (l) => {
          pids.push(Number(l));
          clock.advance(299);
          expect(isAlive(pids[0]!)).toBe(true); // not a millisecond early
          clock.advance(1); // the child is running and has printed: now its time is up
        },
      }),
    );
    expect(err.code).toBe('PROCESS_TIMEOUT');
    expect(err.message).toContain('nu a răspuns');
    expect(err.details.timeoutMs).toBe(300);
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('a process that ended in time is not a timeout when the event loop was busy past the deadline', async () => {
    // the station busy (a long synchronous step) while the program ends: its end waits in the event
    // loop's queue when the deadline passes. It did its work: the result is its own, not PROCESS_TIMEOUT.
    const clock = new ManualClock();
    const ended = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z'); // ended, not yet reaped by the loop
      } catch {
        return true; // reaped already
      }
    };
    const r = await spawn(node, ['-e', 'console.log(process.pid)'], {
      timeoutMs: 300,
      clock,
      onStdoutLine: (l) => {
        // the loop is held here (synchronously) until the program has ended, then the deadline passes
        const pid = Number(l);
        const limit = Date.now() + 30_000; // a safety limit, not a timing
        while (!ended(pid) && Date.now() < limit);
        expect(ended(pid)).toBe(true);
        clock.advance(300);
      },
    });
    expect(r.exitCode).toBe(0);
  });

  it('on abort sends SIGTERM, then SIGKILL to a process that ignores it, and rejects with CANCELLED', async () => {
    const clock = new ManualClock();
    const ac = new AbortController();
    const termed = path.join(dir, 'sigterm-ignored');
    let pid = 0;
    const script = `process.on("SIGTERM", () => require("node:fs").writeFileSync(${JSON.stringify(termed)}, "")); console.log(process.pid); setInterval(() => {}, 1000)`;
    const running = rejection(
      spawn(node, ['-e', script], {
        signal: ac.signal,
        killGraceMs: 300,
        clock,
        onStdoutLine: (l) => {
          pid = Number(l);
          ac.abort();
        },
      }),
    );
    // SIGTERM arrived and was ignored (the child says so in a file): only now does the grace period run out
    expect(await waitUntil(() => existsSync(termed), 30_000)).toBe(true);
    expect(isAlive(pid)).toBe(true);
    clock.advance(300);
    const err = await running;
    expect(err.code).toBe('CANCELLED');
    expect(err.details.signal).toBe('SIGKILL');
    expect(isAlive(pid)).toBe(false);
  });

  it('on abort also stops what the process started', async () => {
    const ac = new AbortController();
    let grandchild = 0;
    const err = await rejection(
      spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
        signal: ac.signal,
        onStdoutLine: (l) => {
          grandchild = Number(l);
          ac.abort();
        },
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntil(() => !isAlive(grandchild), 30_000)).toBe(true); // a safety limit, not a timing
  });

  it('rejects at once when the signal is already aborted', async () => {
    const marker = path.join(dir, 'ran');
    started.files.length = 0;
    const err = await rejection(spawn('sh', ['-c', `touch ${marker}`], { signal: AbortSignal.abort() }));
    expect(err.code).toBe('CANCELLED');
    // the event to wait for: a program started after it has run to its end (whatever the refused one might have queued has had its turn)
    expect((await spawn(node, ['-e', ''])).exitCode).toBe(0);
    expect(started.files).toEqual([node]); // the refused one was never started, not started and killed
    await expect(access(marker)).rejects.toThrow();
  });

  it('says clearly which program is not installed', async () => {
    const err = await rejection(spawn('scanimage-does-not-exist', ['-L']));
    expect(err.code).toBe('PROCESS_FAILED');
    expect(err.message).toContain('„scanimage-does-not-exist” nu este instalat');
    expect(err.details.reason).toBe('not-installed');
  });

  it('says when the program is not executable', async () => {
    const file = path.join(dir, 'not-exec.sh');
    await writeFile(file, '#!/bin/sh\necho hi\n', { mode: 0o644 });
    const err = await rejection(spawn(file, []));
    expect(isStationError(err, 'PROCESS_FAILED')).toBe(true);
    expect(err.details.reason).toBe('not-executable');
  });

  it('stops the process and rejects when the line callback throws', async () => {
    const err = await spawn(node, ['-e', 'console.log("bad"); setInterval(() => {}, 1000)'], {
      killGraceMs: 200,
      onStdoutLine: () => {
        throw new Error('consumer failed');
      },
    }).then(() => null, (e: unknown) => e);
    expect((err as Error).message).toBe('consumer failed');
  });
});
