/**
 * One station process loading the web app's secret, for ui-secret.test.ts: `ready` once loaded, then
 * for each line `<dataDir>` read on stdin, loadUiSecret(dataDir) and its answer as one line
 * (`secret <value>` or `error <code>`). UI_SECRET_LINK_CODE: link() fails with that code in this
 * process, as on a disk without hard links (EPERM: a FAT USB stick, some shares; EISDIR: Windows' FAT/exFAT).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { createInterface } from 'node:readline';

const linkCode = process.env.UI_SECRET_LINK_CODE;
if (linkCode) {
  fs.promises.link = async (_from: fs.PathLike, to: fs.PathLike) => {
    throw Object.assign(new Error(`${linkCode}: link -> '${String(to)}'`), { code: linkCode, syscall: 'link' });
  };
  syncBuiltinESMExports(); // the `link` that `import { link } from 'node:fs/promises'` sees
}
const { loadUiSecret } = await import('../../../station/src/web/ui-secret.ts');

process.stdout.write('ready\n');
for await (const dataDir of createInterface({ input: process.stdin })) {
  const answer = await loadUiSecret(dataDir).then((s) => `secret ${s}`, (e: NodeJS.ErrnoException) => `error ${e.code ?? e.message}`);
  process.stdout.write(`${answer}\n`);
}
