/**
 * The web app's secret (ui-guard.ts), kept in the station's data folder so a page left open in the
 * clerk's browser keeps working across a restart of the station: made on first start (32 random
 * bytes, base64url), readable by the station's user only (0600), placed atomically and never
 * overwritten by a second station starting at the same moment (both then use the one placed first).
 * A file that does not hold a secret (damaged, edited by hand) is replaced by a new one; two stations
 * replacing it at once agree on one too (it is moved aside first, never renamed over: see below).
 * On Windows there is no POSIX mode: the file has the data folder's ACL (the default
 * %LOCALAPPDATA%\ScanStation is the user's own; elsewhere other users may read it: warned at start).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { fsyncDir, placeWithoutOverwriting, tempNameFor } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

const UI_SECRET_FILE = 'ui-secret';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The path of the secret's file in `dataDir`. */
export function uiSecretPath(dataDir: string): string {
  return path.join(dataDir, UI_SECRET_FILE);
}

async function readSecret(file: string): Promise<string | null> {
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
  if (text === null) return null;
  const secret = text.trim();
  return SECRET.test(secret) ? secret : '';
}

/** A new secret in a temporary file of mode 0600 beside `file`, synced: its name. */
async function writeTemp(file: string, secret: string): Promise<string> {
  const tmp = tempNameFor(file);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(`${secret}\n`);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  return tmp;
}

/**
 * A damaged file is moved aside (rename: only one process gets it) rather than renamed over, so the
 * new secret is always placed without overwriting and a second process replacing it at the same
 * moment reads the one placed first. What was moved aside is put back when it turns out to be a
 * secret (another process placed it between our read and our move).
 */
async function moveAsideDamaged(file: string): Promise<void> {
  const aside = `${file}.${randomUUID()}.damaged`;
  try {
    await rename(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it already
    throw err;
  }
  if ((await readSecret(aside)) === '') return void (await rm(aside, { force: true }));
  await placeWithoutOverwriting(aside, file).catch(async (err: NodeJS.ErrnoException) => {
    await rm(aside, { force: true });
    if (err.code !== 'EEXIST') throw err;
  });
}

/**
 * Windows: the data folder outside the user's own %LOCALAPPDATA% (its ACL is the user's only by
 * default; a folder elsewhere may be readable by other local users, and the secret with it).
 */
export function secretFolderShared(dataDir: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  if (platform !== 'win32') return false;
  const own = env.LOCALAPPDATA;
  if (!own) return true;
  const rel = path.win32.relative(path.win32.resolve(own).toLowerCase(), path.win32.resolve(dataDir).toLowerCase());
  return rel === '..' || rel.startsWith('..\\') || path.win32.isAbsolute(rel);
}

/** The station's web secret from `dataDir`, made there on first start. */
export async function loadUiSecret(dataDir: string, log?: Logger, o: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const file = uiSecretPath(dataDir);
  if (secretFolderShared(dataDir, o.platform, o.env)) {
    log?.warn({ file, dataDir }, 'ui secret kept outside LOCALAPPDATA: the data folder\'s ACL decides who can read it (other local users may)');
  }
  try {
    await makeDir(dataDir);
    const kept = await readSecret(file);
    if (kept) {
      // a copy restored with wider rights: only the station's user may read it
      if (process.platform !== 'win32' && ((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
      return kept;
    }
    if (kept === '') {
      log?.warn({ file }, 'ui secret file did not hold a secret: replaced');
      await moveAsideDamaged(file);
    }
    const secret = randomBytes(32).toString('base64url');
    const tmp = await writeTemp(file, secret);
    try {
      await placeWithoutOverwriting(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const theirs = await readSecret(file); // another station process placed it first: theirs is the secret
      if (theirs) return theirs;
      throw err;
    }
    await fsyncDir(dataDir);
    return secret;
  } catch (err) {
    throw stationErrorFromFs(err, { file, writing: true });
  }
}
