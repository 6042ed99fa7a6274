/**
 * The web app's secret (ui-guard.ts), kept in the station's data folder so a page left open in the
 * clerk's browser keeps working across a restart of the station: made on first start (32 random
 * bytes, base64url), readable by the station's user only (0600), placed atomically and never
 * overwritten by a second station starting at the same moment: the first placed wins, and every
 * process answers with what the file holds (never a secret of its own that is not on disk). Placed by
 * a hard link of a written temporary file; on a disk without hard links (a FAT USB stick, some
 * network shares; Windows' FAT/exFAT too) created under its own name with 'wx' (O_EXCL, CREATE_NEW on
 * Windows), the others reading it once its one write has landed.
 * A file that does not hold a secret (damaged, edited by hand) is replaced by a new one; two stations
 * replacing it at once agree on one too (it is moved aside first, never renamed over: see below).
 * On Windows there is no POSIX mode: the file has the data folder's ACL (the default
 * %LOCALAPPDATA%\ScanStation is the user's own; elsewhere other users may read it: warned at start).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { NO_HARD_LINKS, fsyncDir, placeWithoutOverwriting, tempNameFor } from '../fs/atomic-write.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

const UI_SECRET_FILE = 'ui-secret';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The path of the secret's file in `dataDir`. */
export function uiSecretPath(dataDir: string): string {
  return path.join(dataDir, UI_SECRET_FILE);
}

/** How many times a secret is placed when the one placed first disappears or proves damaged before it is read. */
const PLACE_ATTEMPTS = 3;
/** A secret being written (created with 'wx' on a disk without hard links): empty or cut short until its one write lands. */
const BEING_WRITTEN = /^[A-Za-z0-9_-]{0,42}$/;
/** How long such a file is waited for (read again every `stepMs`): past it, its writer has died and the file is damaged. */
export const WRITE_WAIT = { totalMs: 2_000, stepMs: 20 };

/**
 * The secret `file` holds; null: no file; '': not a secret. `waitOn`: a file that looks like a
 * secret still being written is read again on this clock until it is whole (or WRITE_WAIT has passed).
 */
async function readSecret(file: string, waitOn: Clock | null = null): Promise<string | null> {
  const start = waitOn?.now() ?? 0;
  for (;;) {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(readFailure(err))));
    if (text === null) return null;
    const secret = text.trim();
    if (SECRET.test(secret)) return secret;
    if (!waitOn || !BEING_WRITTEN.test(text) || waitOn.now() - start >= WRITE_WAIT.totalMs) return '';
    await new Promise<void>((resolve) => waitOn.after(WRITE_WAIT.stepMs, resolve));
  }
}

/** A failure to read the secret's file (another user's, made when the station ran as them): said as a read, not a write. */
const READ_FAILED = Symbol('ui secret read');
const readFailure = (err: NodeJS.ErrnoException) => Object.assign(err, { [READ_FAILED]: true });

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
 * Places `secret` as `file` unless a file is there already (false: another process placed one first).
 * A hard link of a whole temporary file: atomic, and EEXIST even if the file appeared at the last
 * moment. Without hard links, 'wx' on the file's own name: only one process creates it.
 */
async function placeFirst(file: string, secret: string): Promise<boolean> {
  const tmp = await writeTemp(file, secret);
  try {
    await link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw err;
  } finally {
    // a temporary name another program holds open (Windows refuses its removal) stays, hidden
    await rm(tmp, { force: true }).catch(() => undefined);
  }
  return createExclusive(file, secret);
}

/** `file` created with 'wx' and `secret` written into it in one write, synced; false when it exists. */
async function createExclusive(file: string, secret: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await fh.writeFile(`${secret}\n`);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(file, { force: true }); // ours, half written: the next start makes it again
    throw err;
  }
  await fh.close();
  return true;
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

/**
 * `file` made readable by the station's user only when others may read it (a copy restored with wider
 * rights). A file of another user (the station run once as an administrator) cannot be: said as that,
 * with what to do, not as a folder the station may not write to.
 */
async function keepPrivate(file: string): Promise<void> {
  const { mode, uid } = await stat(file);
  if ((mode & 0o077) === 0) return;
  try {
    await chmod(file, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if ((code !== 'EPERM' && code !== 'EACCES') || uid === process.getuid?.()) throw err;
    const [others, right] = (mode & 0o044) !== 0
      ? ['îl pot citi și alți utilizatori ai calculatorului', 'acest drept']
      : ['și alți utilizatori ai calculatorului au drepturi asupra lui', 'aceste drepturi'];
    throw new StationError('FILE_ACCESS_DENIED',
      `Fișierul cu cheia secretă a aplicației web („${file}”) aparține altui utilizator și ${others}; `
      + `stația nu le poate lua ${right}, deci nu pornește cu el. Ștergeți fișierul (sau cereți administratorului să îl șteargă); `
      + 'la următoarea pornire stația face unul nou, pe care îl poate citi doar ea.',
      { errno: code, path: file, syscall: 'chmod', owner: uid, mode: (mode & 0o777).toString(8) }, { cause: err });
  }
}

/** The station's web secret from `dataDir`, made there on first start. `clock`: the one a file being written is waited on (tests move theirs). */
export async function loadUiSecret(dataDir: string, log?: Logger, o: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv; clock?: Clock } = {}): Promise<string> {
  const file = uiSecretPath(dataDir);
  const clock = o.clock ?? systemClock;
  if (secretFolderShared(dataDir, o.platform, o.env)) {
    log?.warn({ file, dataDir }, 'ui secret kept outside LOCALAPPDATA: the data folder\'s ACL decides who can read it (other local users may)');
  }
  try {
    // the folder named when it cannot be made, not the file the station meant to put in it
    await makeDir(dataDir).catch((err: unknown) => Promise.reject(stationErrorFromFs(err, { path: dataDir, writing: true })));
    const kept = await readSecret(file, clock);
    if (kept) {
      // a copy restored with wider rights: only the station's user may read it
      if (process.platform !== 'win32') await keepPrivate(file);
      return kept;
    }
    if (kept === '') {
      log?.warn({ file }, 'ui secret file did not hold a secret: replaced');
      await moveAsideDamaged(file);
    }
    for (let attempt = 1; ; attempt++) {
      if (await placeFirst(file, randomBytes(32).toString('base64url'))) await fsyncDir(dataDir);
      // ours when we placed it, else the one another station process placed first: what the file holds
      const held = await readSecret(file, clock);
      if (held) return held;
      // the one placed first is gone (another station moved it aside as damaged: its creator's write did not land
      // within WRITE_WAIT) or is damaged itself: placed again, as at the start
      if (attempt >= PLACE_ATTEMPTS) throw Object.assign(new Error(`ui secret file changed while it was being made: ${file}`), { code: 'EEXIST', path: file });
      log?.warn({ file, held: held === null ? 'gone' : 'damaged' }, 'ui secret placed by another station is not there: placed again');
      if (held === '') await moveAsideDamaged(file);
    }
  } catch (err) {
    throw stationErrorFromFs(err, { file, writing: !(err as { [READ_FAILED]?: boolean } | null)?.[READ_FAILED] });
  }
}
