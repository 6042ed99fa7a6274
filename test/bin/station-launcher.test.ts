/**
 * The station's node flags (bin/station.js's first line, `#!/usr/bin/env -S node --initial-old-space-size=64`)
 * reach node however the station is started: the file run as a program (npx's link on Linux), npm's
 * Windows shims (cmd-shim reads the first line), `npm run demo`, the bench's children. V8 takes them
 * only at start-up, so a launcher that drops them silently loses the GC setting.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stationNodeFlags } from '../../bench/child.ts';
import { STATION_BIN } from '../support/real-processes.ts';
import { REPO_ROOT } from '../support/split-run.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

const PROBE = path.join(REPO_ROOT, 'test', 'support', 'exec-argv-probe.cjs');
const FLAG = '--initial-old-space-size=64';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('launcher-')));
afterAll(() => cleanup());

/** Runs `file` (a program, as a shell or npm runs it) with the probe loaded; the node flags it got. */
async function flagsOf(file: string, args: string[] = []): Promise<string[]> {
  const out = path.join(dir, `probe-${Math.random().toString(36).slice(2)}.json`);
  const env = { PATH: process.env.PATH, HOME: dir, STATION_DATA_DIR: path.join(dir, 'data'), NODE_OPTIONS: `--require ${PROBE}`, PROBE_OUT: out };
  // no command: the usage and exit 2, once the launcher has run
  await promisify(execFile)(file, args, { env, cwd: dir, timeout: 60_000 }).catch((e: { code?: unknown }) => {
    if (e.code !== 2) throw e;
  });
  return (JSON.parse(await readFile(out, 'utf8')) as { execArgv: string[] }).execArgv;
}

/** npm's own cmd-shim (the one that writes the links of `npm install` and `npx`), or null. */
function npmCmdShim(): ((from: string, to: string) => Promise<void>) | null {
  try {
    const root = execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim();
    return createRequire(path.join(root, 'npm', 'package.json'))('cmd-shim') as (from: string, to: string) => Promise<void>;
  } catch {
    return null;
  }
}

describe('the station launcher passes its node flags', () => {
  it('bin/station.js names the flag on its first line, and run as a program node gets it', async () => {
    const first = (await readFile(STATION_BIN, 'utf8')).split('\n', 1)[0];
    expect(first).toBe(`#!/usr/bin/env -S node ${FLAG}`);
    expect(await flagsOf(STATION_BIN)).toContain(FLAG);
  });

  it("npm's shims (Windows .cmd and PowerShell, and the sh one) carry the flag", async (t) => {
    const cmdShim = npmCmdShim();
    if (!cmdShim) return t.skip('npm cmd-shim not found next to npm');
    const to = path.join(dir, 'bin', 'station');
    await cmdShim(STATION_BIN, to);
    const cmd = await readFile(`${to}.cmd`, 'utf8');
    expect(cmd).toMatch(new RegExp(`"%_prog%"\\s+${FLAG}\\s+"%dp0%\\\\[^"]*station\\.js"`));
    expect(await readFile(`${to}.ps1`, 'utf8')).toContain(`${FLAG} "$basedir/`);
    expect(await flagsOf(to)).toContain(FLAG);
  });

  it('npm scripts that start bin/station.js and the bench children use the same flags', async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const starting = Object.entries(pkg.scripts).filter(([, s]) => /bin\/station\.js/.test(s));
    expect(starting.map(([name]) => name)).toContain('demo');
    for (const [, script] of starting) expect(script).toMatch(new RegExp(`^node ${FLAG} bin/station\\.js `));
    expect(stationNodeFlags()).toEqual([FLAG]);
  });
});
