/** Runs folder-consumer-child.ts for the kill -9 tests and kills it on a line it prints. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type SpawnResult } from '../../../../station/src/exec/spawn-process.ts';
import { tempDir } from './folder-test-helpers.ts';

const CHILD = fileURLToPath(new URL('./folder-consumer-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Dirs {
  root: string;
  go: string;
  ledger: string;
  work: string;
  out: string;
  log: string;
}

/** A new set of folders for one child's batch (the ledger folder is the station's data folder: its journal keeps the ledger). */
export async function childDirs(prefix: string): Promise<Dirs> {
  return {
    root: await tempDir(`${prefix}-watched`),
    go: await tempDir(`${prefix}-go`),
    ledger: await tempDir(`${prefix}-ledger`),
    work: await tempDir(`${prefix}-work`),
    out: await tempDir(`${prefix}-out`),
    log: path.join(await tempDir(`${prefix}-log`), 'events.log'),
  };
}

/**
 * Runs the child; `killWhen` sees each stdout line and says when to SIGKILL it. A page the child
 * yielded waits for the parent's go before it is confirmed, so a kill on a `yield` line always
 * lands between yield and confirm, however slow the machine. `env`: the child's kill point
 * (STOP_AT, STOP_NTH: see folder-consumer-child.ts).
 */
export function runChild(d: Dirs, killWhen: (line: string) => boolean, env: Record<string, string> = {}): Promise<SpawnResult> {
  let pid: number | undefined;
  return spawn(process.execPath, ['--import', 'tsx', CHILD, d.root, d.ledger, d.work, d.out, d.log, d.go, '1500'], {
    cwd: REPO,
    env: { STOP_AT: undefined, STOP_NTH: undefined, ...env },
    timeoutMs: 120_000, // a safety net: the run ends by its idle period
    onStdoutLine: (line) => {
      const start = /^start (\d+) /.exec(line);
      if (start) pid = Number(start[1]);
      if (pid !== undefined && killWhen(line)) {
        process.kill(pid, 'SIGKILL');
        return;
      }
      const yielded = /^yield (\S+) /.exec(line);
      if (yielded) writeFileSync(path.join(d.go, `${yielded[1]}.go`), '');
    },
  });
}
