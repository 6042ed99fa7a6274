/**
 * The only place in Scan Station that starts other programs. No shell: the program and its
 * arguments go to the OS as an array, so names with spaces or quotes need no escaping.
 *
 * A non-zero exit is not an error here: the result carries the code, the signal and the last
 * kilobytes of stderr, and the caller classifies them. Errors are reserved for what the caller
 * cannot classify: a program that is not installed, a timeout, a cancellation.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { StationError } from '../../../shared/src/errors.ts';

export interface SpawnOptions {
  /** Kill the process and reject with PROCESS_TIMEOUT after this many milliseconds. */
  timeoutMs?: number;
  /** Aborting kills the process (SIGTERM, then SIGKILL after `killGraceMs`) and rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Added to (and overriding) the current environment; `undefined` removes a variable. */
  env?: Readonly<Record<string, string | undefined>>;
  cwd?: string;
  /** Called for every complete stdout line as it arrives (without the line ending). */
  onStdoutLine?: (line: string) => void;
  /** Called for every complete stderr line as it arrives (stderrTail is kept all the same). */
  onStderrLine?: (line: string) => void;
  /** Keep the whole stdout in the result (default true). */
  captureStdout?: boolean;
  /** How much of the end of stderr to keep, in bytes (default 16 KiB). */
  stderrTailBytes?: number;
  /** Time between SIGTERM and SIGKILL when the process must be stopped (default 2000 ms). */
  killGraceMs?: number;
  /** What the timeout and the grace periods are measured on (default: the system clock). */
  clock?: Clock;
}

export interface SpawnResult {
  /** Exit code, or null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The whole stdout when captured, otherwise ''. */
  stdout: string;
  /** The last `stderrTailBytes` bytes of stderr. */
  stderrTail: string;
}

export const DEFAULT_STDERR_TAIL_BYTES = 16 * 1024;
const DEFAULT_KILL_GRACE_MS = 2000;
const IS_WINDOWS = process.platform === 'win32';

/** Runs `file` with `args` (no shell) and resolves when it has exited and its output is read. */
export function spawn(file: string, args: readonly string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const program = path.basename(file);
  const details = { file, args: [...args] };
  if (options.signal?.aborted) {
    return Promise.reject(new StationError('CANCELLED', undefined, details));
  }
  return new Promise<SpawnResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnChild(file, args, {
        cwd: options.cwd,
        env: mergeEnv(options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        // its own process group, so that stopping it also stops anything it started
        detached: !IS_WINDOWS,
      });
    } catch (err) {
      reject(startError(err, program, details));
      return;
    }

    const capture = options.captureStdout ?? true;
    const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const stdoutParts: string[] = [];
    const stderr = new TailBuffer(options.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES);
    const lines = new LineSplitter();
    const errLines = new LineSplitter();
    const clock = options.clock ?? systemClock;
    const timers: Array<() => void> = [];
    let failure: Error | undefined;
    let settled = false;

    const settle = (code: number | null, sig: NodeJS.Signals | null): void => {
      if (settled) return;
      onText(lines.end(), true);
      onErrText(errLines.end(), true);
      settled = true;
      for (const cancel of timers) cancel();
      options.signal?.removeEventListener('abort', onAbort);
      const stderrTail = stderr.text();
      if (failure instanceof StationError) {
        reject(new StationError(failure.code, failure.message, { ...failure.details, exitCode: code, signal: sig, stderrTail }, { cause: failure.cause }));
      } else if (failure) {
        reject(failure);
      } else {
        resolve({ exitCode: code, signal: sig, stdout: stdoutParts.join(''), stderrTail });
      }
    };

    /** Stops the process: SIGTERM, SIGKILL after the grace period, and gives up on its pipes after another. */
    const stop = (why: Error): void => {
      if (failure || settled) return;
      failure = why;
      killGroup(child, 'SIGTERM');
      timers.push(clock.after(grace, () => killGroup(child, 'SIGKILL')));
      timers.push(clock.after(2 * grace + 1000, () => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        settle(child.exitCode, child.signalCode);
      }));
    };

    function onText(text: string, flush = false): void {
      if (capture && text) stdoutParts.push(text);
      deliver(lines.take(text, flush), options.onStdoutLine);
    }

    function onErrText(text: string, flush = false): void {
      if (options.onStderrLine) deliver(errLines.take(text, flush), options.onStderrLine);
    }

    /** Hands lines to a caller's callback; a callback that throws stops the process. */
    function deliver(batch: string[], callback: ((line: string) => void) | undefined): void {
      for (const line of batch) {
        if (!callback || failure) return;
        try {
          callback(line);
        } catch (err) {
          stop(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }

    function onAbort(): void {
      stop(new StationError('CANCELLED', undefined, details));
    }

    child.stdout!.on('data', (chunk: Buffer) => onText(lines.decode(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      onErrText(errLines.decode(chunk));
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      const message = `Programul „${program}” nu a răspuns în ${formatSeconds(ms)}. Verificați dispozitivul și încercați din nou.`;
      // the time is up only for a process that has not ended: after an event loop busy past the
      // deadline, the process's end may be waiting in the loop's queue behind this timer, so the loop
      // takes in what has come before it is called a timeout
      const timedOut = () => {
        if (child.exitCode === null && child.signalCode === null && !endedUnreaped(child.pid)) stop(new StationError('PROCESS_TIMEOUT', message, { ...details, timeoutMs: ms }));
      };
      timers.push(clock.after(ms, () => afterQueuedEvents(timedOut)));
    }

    child.on('error', (err) => {
      if (child.pid === undefined) {
        // it never started (ENOENT, EACCES): there is no process to wait for
        failure = startError(err, program, details);
        settle(null, null);
      } else {
        stop(err);
      }
    });
    child.on('close', (code, sig) => settle(code, sig));
  });
}

/**
 * Runs `fn` once the event loop has polled for I/O after now: whatever had already happened (a
 * child's end, its last output) has been taken in. An immediate runs after the current turn's poll, which may
 * have been taken before the event came (a timer fired from an I/O callback); the second one after the next poll.
 */
function afterQueuedEvents(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}

/**
 * Whether the process has ended and waits to be reaped by the event loop (Linux: a zombie in /proc). On a
 * loaded machine the signal of its end may reach the loop later than the turns `afterQueuedEvents` gives;
 * its exit event comes all the same. Elsewhere: false (the loop's turns decide).
 */
function endedUnreaped(pid: number | undefined): boolean {
  if (pid === undefined || process.platform !== 'linux') return false;
  try {
    // the state follows the last ') ' (the command's name, in parentheses, may hold one)
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return false;
  }
}

function mergeEnv(extra: SpawnOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (IS_WINDOWS) child.kill(sig);
    else process.kill(-child.pid, sig);
  } catch {
    // already gone
  }
}

function startError(err: unknown, program: string, details: Record<string, unknown>): StationError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT') {
    return new StationError('PROCESS_FAILED', `Programul „${program}” nu este instalat pe acest calculator (sau nu se află în PATH). Cereți administratorului să îl instaleze.`, { ...details, reason: 'not-installed', errno }, { cause: err });
  }
  if (errno === 'EACCES') {
    return new StationError('PROCESS_FAILED', `Programul „${program}” nu poate fi pornit: lipsește dreptul de execuție. Cereți administratorului să verifice instalarea.`, { ...details, reason: 'not-executable', errno }, { cause: err });
  }
  return new StationError('PROCESS_FAILED', `Programul „${program}” nu a putut fi pornit.`, { ...details, errno }, { cause: err });
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s === 1 ? 'o secundă' : `${Number.isInteger(s) ? s : s.toFixed(1)} secunde`;
}

/** Decodes UTF-8 chunks and splits them into lines; a trailing partial line waits for more. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  decode(chunk: Buffer): string {
    return this.decoder.write(chunk);
  }

  end(): string {
    return this.decoder.end();
  }

  /** Complete lines in `text` (with what was left over before); with `flush`, the remainder too. */
  take(text: string, flush: boolean): string[] {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (flush && this.partial !== '') {
      parts.push(this.partial);
      this.partial = '';
    }
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  }
}

/** Keeps only the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    const buf = Buffer.concat(this.chunks);
    // do not start in the middle of a UTF-8 sequence
    let start = 0;
    while (start < buf.length && start < 4 && (buf[start]! & 0xc0) === 0x80) start++;
    return buf.subarray(start).toString('utf8');
  }
}
