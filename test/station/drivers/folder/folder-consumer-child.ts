/**
 * A station-like consumer of the folder driver, run as a child process by folder-kill.test.ts:
 *   node --import tsx folder-consumer-child.ts <watched> <dataDir> <workDir> <outDir> <log> <goDir> <idleMs>
 * For each page it logs `yield`, "writes the pages" (an atomic, idempotent copy into outDir under the
 * original's name), waits until the parent lets it go on (the file `<goDir>/<name>.go` exists),
 * confirms, and logs `confirm`. The log is fsynced line by line and each line is echoed on stdout,
 * so the parent can kill it at a known point: after a `yield` line and before the go file, the page
 * is certainly unconfirmed. Unconfirmed copies left by a kill are dropped first, and numbering
 * continues after the page files still in workDir, as the scan session does on resume.
 * Kill points (folder-kill-points.test.ts): with STOP_AT=before-made|after-made|after-confirmed the
 * ledger, at its STOP_NTH-th (default 1st) such write, logs `point <STOP_AT>` and then hangs for good
 * (before the made key is written, after it, after a confirmation's transaction): the parent kills it
 * on that line, so the kill lands exactly there whatever the machine's speed.
 */
import { closeSync, existsSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { copyFile, open, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { ConsumedLedger } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { FolderDriver } from '../../../../station/src/drivers/folder/folder-driver.ts';
import { createConsumedFilesLedger } from '../../../../station/src/journal/consumed-files-ledger.ts';
import { openJournal } from '../../../../station/src/journal/open-journal.ts';

const [root, dataDir, workDir, outDir, logFile, goDir, idleMs] = process.argv.slice(2);
if (!root || !dataDir || !workDir || !outDir || !logFile || !goDir || !idleMs) {
  process.stderr.write('usage: folder-consumer-child.ts <watched> <dataDir> <workDir> <outDir> <log> <goDir> <idleMs>\n');
  process.exit(2);
}

function log(line: string): void {
  const fd = openSync(logFile!, 'a');
  try {
    writeSync(fd, `${line}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  process.stdout.write(`${line}\n`);
}

async function writePagesSafely(from: string, name: string): Promise<void> {
  const tmp = path.join(outDir!, `.${name}.tmp`);
  await copyFile(from, tmp);
  const fh = await open(tmp, 'r+');
  await fh.sync();
  await fh.close();
  await rename(tmp, path.join(outDir!, name));
}

// the station's own ledger: the consumed_files table of its SQLite journal in dataDir
const real = createConsumedFilesLedger(openJournal(dataDir));
const stopAt = process.env.STOP_AT;
const stopNth = Number(process.env.STOP_NTH ?? '1');
let reached = 0;
/** At the STOP_NTH-th time the kill point is reached: says so, and waits for the kill, for ever. */
async function killPoint(point: string): Promise<void> {
  if (point !== stopAt || ++reached < stopNth) return;
  log(`point ${point}`);
  await new Promise(() => setInterval(() => {}, 60_000)); // never resolves; the interval keeps the process alive
}
const ledger: ConsumedLedger = {
  isConsumed: (key) => real.isConsumed(key),
  markConsumed: async (keys) => {
    const made = keys.length === 1 && keys[0]!.startsWith('copy:');
    if (made) await killPoint('before-made');
    await real.markConsumed(keys);
    if (made) await killPoint('after-made');
    if (keys.some((k) => k.startsWith('confirmed:'))) await killPoint('after-confirmed');
  },
};
const driver = new FolderDriver({ ledger, quietMs: 200, pollMs: 30, idleMs: Number(idleMs) });
// copies a kill left unconfirmed go: their originals are handed over again (as the scan session does on resume)
await driver.dropOrphanCopies(`folder:${root}`, workDir);
const pageNumbers = (await readdir(workDir)).map((n) => /^page-(\d+)\.\w+$/.exec(n)?.[1]).filter((n): n is string => n !== undefined);
const startIndex = pageNumbers.reduce((max, n) => Math.max(max, Number(n)), 0) + 1;

log(`start ${process.pid} ${startIndex}`);
for await (const page of driver.scan({ device: `folder:${root}`, source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir, startIndex })) {
  const name = path.basename(driver.sourceOf(page) ?? '?');
  log(`yield ${name} ${path.basename(page.file)}`);
  await writePagesSafely(page.file, name);
  while (!existsSync(path.join(goDir, `${name}.go`))) await new Promise((r) => setTimeout(r, 10));
  await driver.confirm(page);
  log(`confirm ${name}`);
}
log('end');
