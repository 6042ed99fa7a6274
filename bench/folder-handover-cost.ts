/**
 * The watched folder's hand-over with the station's real journal (SQLite, WAL, synchronous=FULL):
 * N colour pages of a bench batch already in the folder, taken and confirmed one after the other as
 * the scan session does (no pipeline); prints the whole hand-over a page and, apart, the time and CPU
 * of each kind of ledger commit (a copy's made key alone; a confirmation's keys). Not part of `npm run bench`:
 *   node --import tsx bench/folder-handover-cost.ts [pages, default 100]
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FolderDriver } from '../station/src/drivers/folder/folder-driver.ts';
import { createConsumedFilesLedger } from '../station/src/journal/consumed-files-ledger.ts';
import { openJournal } from '../station/src/journal/open-journal.ts';
import type { ConsumedLedger } from '../station/src/drivers/folder/consumed-ledger.ts';

const n = Number(process.argv[2] ?? 100);
const src = '/tmp/scan-station-bench/dense-colour-300dpi-sep10-200';
const base = mkdtempSync(path.join(tmpdir(), 'folder-handover-'));
const [root, data, work] = ['watched', 'data', 'work'].map((d) => path.join(base, d)) as [string, string, string];
for (const d of [root, data, work]) mkdirSync(d);
for (const f of readdirSync(src).filter((x) => x.endsWith('.jpg')).slice(0, n)) cpSync(path.join(src, f), path.join(root, f));
const real = createConsumedFilesLedger(openJournal(data));
const spent = { made: { ms: 0, cpu: 0, count: 0 }, confirm: { ms: 0, cpu: 0, count: 0 } };
const ledger: ConsumedLedger = {
  isConsumed: (k) => real.isConsumed(k),
  markConsumed: (keys) => {
    const kind = keys.some((k) => k.startsWith('confirmed:')) ? spent.confirm : spent.made;
    const t = performance.now(); const c = process.cpuUsage();
    real.markConsumed(keys);
    const dc = process.cpuUsage(c);
    kind.ms += performance.now() - t; kind.cpu += (dc.user + dc.system) / 1000; kind.count++;
  },
};
const driver = new FolderDriver({ ledger, quietMs: 50, quickQuietMs: 0, pollMs: 20, idleMs: 300 });
const t0 = performance.now(); const c0 = process.cpuUsage();
let pages = 0;
for await (const page of driver.scan({ device: `folder:${root}`, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir: work })) {
  await driver.confirm(page);
  pages++;
}
const dc = process.cpuUsage(c0);
const f = (x: number) => (x / pages).toFixed(2);
console.log(`${pages} pages; whole scan a page: ${f(performance.now() - t0 - 300)} ms wall (less the 300 ms idle end), ${f((dc.user + dc.system) / 1000)} ms CPU`);
console.log(`made-key commits: ${spent.made.count}, a page ${f(spent.made.ms)} ms wall, ${f(spent.made.cpu)} ms CPU`);
rmSync(base, { recursive: true, force: true });
console.log(`confirmation commits: ${spent.confirm.count}, a page ${f(spent.confirm.ms)} ms wall, ${f(spent.confirm.cpu)} ms CPU`);
