import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStationError } from '../../shared/src/errors.ts';
import { ensurePrivateDir } from '../../shared/src/private-files.ts';

const posix = process.platform !== 'win32';
const made: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-files-'));
  made.push(dir);
  return dir;
};
const mode = (p: string) => statSync(p).mode & 0o7777;

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!posix)('ensurePrivateDir', () => {
  it('creates a missing data folder 0700 and tightens an existing one of its own', () => {
    const fresh = join(scratch(), 'a', 'date');
    ensurePrivateDir(fresh);
    expect(mode(fresh)).toBe(0o700);
    const loose = scratch();
    chmodSync(loose, 0o755);
    ensurePrivateDir(loose);
    expect(mode(loose)).toBe(0o700);
  });

  // A bench once set the data folder to os.tmpdir(): /tmp became 0700 and every other user of the
  // machine (a test running the station as «nobody») lost it.
  it.each([['a shared temp folder (sticky, everyone writes)', 0o1777], ['a folder everyone may write', 0o777]])(
    'refuses %s, naming it, and leaves its mode alone',
    (_what, shared) => {
      const dir = join(scratch(), 'comun');
      mkdirSync(dir);
      chmodSync(dir, shared);
      let caught: unknown;
      try {
        ensurePrivateDir(dir);
      } catch (err) {
        caught = err;
      }
      expect(isStationError(caught, 'CONFIG_INVALID')).toBe(true);
      expect((caught as Error).message).toContain(`„${dir}”`);
      expect((caught as Error).message).toMatch(/comun tuturor utilizatorilor/);
      expect(mode(dir)).toBe(shared);
    },
  );
});
