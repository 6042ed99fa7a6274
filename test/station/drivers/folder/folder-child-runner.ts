/** Runs folder-consumer-child.ts for the kill -9 tests and kills it on a line it prints. */
import { writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type SpawnResult } from '../../../../station/src/exec/spawn-process.ts';
import { expect } from 'vitest';
import { archivedFiles, journalLedger, tempDir } from './folder-test-helpers.ts';

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

/**
 * After the runs: every original archived intact (once, in the archive's day folders) and written out once to `out`,
 * no page file left in the watched folder, and the ledger holds each file's two keys (the file and its
 * bytes) and one confirmation a file (the copy each page was taken from).
 */
export async function expectArchivedOnce(d: Dirs, originals: ReadonlyMap<string, Buffer>): Promise<void> {
  const archived = await archivedFiles(path.join(d.root, 'arhiva'));
  expect([...archived.keys()].sort()).toEqual([...originals.keys()].sort());
  for (const [name, body] of originals) {
    expect(await readFile(archived.get(name)!)).toEqual(body);
    expect(await readFile(path.join(d.out, name))).toEqual(body);
  }
  expect((await readdir(d.root)).filter((n) => n.endsWith('.png'))).toEqual([]);
  const keys = journalLedger(d.ledger).keys();
  expect(keys.filter((k) => !/^(copy|confirmed):/.test(k))).toHaveLength(2 * originals.size);
  expect(keys.filter((k) => k.startsWith('confirmed:'))).toHaveLength(originals.size);
}
