/**
 * The web app's secret file left by the station run once as another user (an administrator, root):
 * readable by that user only (0600), so the clerk's station cannot read it. Its start then says the
 * station may not read the file (FILE_ACCESS_DENIED, the file named), not that it may not write there.
 * A real station process as another user (uid 65534) when the tests run as root; otherwise this process
 * over a file it made unreadable to itself (chmod 000).
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUiSecret, uiSecretPath } from '../../../station/src/web/ui-secret.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('ui-secret-access-')));
afterAll(() => cleanup());

const OTHER_UID = 65534;
const SECRET = 'Qm9uanVyIGRpbiBCdWN1cmXImXRpIQ-_0123456789a';

/** loadUiSecret(dataDir) in a station process of another user (as root) or in this one: its error's code and message. */
async function loadAsClerk(dataDir: string): Promise<{ code?: string; message?: string; secret?: string }> {
  const ui = path.join(REPO_ROOT, 'station/src/web/ui-secret.ts');
  if (process.getuid?.() !== 0) {
    return loadUiSecret(dataDir).then((secret) => ({ secret }), (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }));
  }
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
    `const { loadUiSecret } = await import(${JSON.stringify(ui)});
     await loadUiSecret(process.argv[1]).then((secret) => console.log(JSON.stringify({ secret })), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`,
    dataDir], { cwd: REPO_ROOT, uid: OTHER_UID, gid: OTHER_UID, encoding: 'utf8', env: { ...process.env, HOME: root } });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { code?: string; message?: string };
}

describe('a secret file the station may not read', () => {
  it('is refused as a read: FILE_ACCESS_DENIED naming the file, «nu are dreptul să citească», the file left as it is', async () => {
    const dataDir = path.join(root, 'date-statie');
    await mkdir(dataDir, { recursive: true });
    await chmod(root, 0o755);
    await chmod(dataDir, 0o755);
    const file = uiSecretPath(dataDir);
    await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
    if (process.getuid?.() !== 0) await chmod(file, 0o000);
    const answer = await loadAsClerk(dataDir);
    // old words: «…stația nu are dreptul să scrie acolo. Alegeți alt dosar sau cereți drepturi de scriere.»
    expect(answer).toEqual({
      code: 'FILE_ACCESS_DENIED',
      message: `Acces refuzat („${file}”): stația nu are dreptul să citească acolo. Alegeți alt dosar sau cereți drepturi de citire.`,
    });
    await chmod(file, 0o600);
    expect(await loadUiSecret(dataDir)).toBe(SECRET); // its own user still reads it: nothing replaced
  });
});

describe('a secret file of another user that others may read (as root: a station process of uid 65534)', () => {
  it.skipIf(process.getuid?.() !== 0)('start fails saying the file is another user\'s, readable by others, and to delete it; the file left as it is', async () => {
    const dataDir = path.join(root, 'date-altui');
    await mkdir(dataDir, { recursive: true });
    await chmod(root, 0o755);
    await chmod(dataDir, 0o777); // the clerk may delete the file
    const file = uiSecretPath(dataDir);
    await writeFile(file, `${SECRET}\n`, { mode: 0o644 }); // root's, restored with wider rights
    await chmod(file, 0o644);
    const answer = await loadAsClerk(dataDir);
    // old words: «Acces refuzat („…/ui-secret”): stația nu are dreptul să scrie acolo. Alegeți alt dosar sau cereți drepturi de scriere.»
    expect(answer).toEqual({
      code: 'FILE_ACCESS_DENIED',
      message: `Fișierul cu cheia secretă a aplicației web („${file}”) aparține altui utilizator și îl pot citi și alți utilizatori ai calculatorului; `
        + 'stația nu le poate lua acest drept, deci nu pornește cu el. Ștergeți fișierul (sau cereți administratorului să îl șteargă); '
        + 'la următoarea pornire stația face unul nou, pe care îl poate citi doar ea.',
    });
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('644');
    expect(await readFile(file, 'utf8')).toBe(`${SECRET}\n`);
  });
});

describe('a data folder the station may not make', () => {
  it.skipIf(process.getuid?.() !== 0)('names the folder, not the secret file it meant to put in it', async () => {
    const parent = path.join(root, 'doar-admin');
    await mkdir(parent, { recursive: true });
    await chmod(root, 0o755);
    await chmod(parent, 0o755); // root's: uid 65534 may not make a folder in it
    const dataDir = path.join(parent, 'date-statie');
    const answer = await loadAsClerk(dataDir);
    // old words: «Acces refuzat („…/date-statie/ui-secret”): …»
    expect(answer).toEqual({
      code: 'FILE_ACCESS_DENIED',
      message: `Acces refuzat („${dataDir}”): stația nu are dreptul să scrie acolo. Alegeți alt dosar sau cereți drepturi de scriere.`,
    });
  });
});
