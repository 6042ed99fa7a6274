/**
 * The station's log file: a folder that cannot be made or vanishes (a removed temporary folder, a
 * pulled stick) is said once on stderr; it never ends the process as an unhandled error.
 */
import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../station/src/log/logger.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir('logger-')));
afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

/** Lines the logger wrote on stderr (other writes pass through). */
function stderrLines(): string[] {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('station: fișierul jurnalului')) {
      lines.push(String(chunk));
      return true;
    }
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);
  return lines;
}

describe('createLogger', () => {
  it('writes JSON lines with the token redacted', async () => {
    const log = createLogger(root);
    log.info({ token: 'sst_secret' }, 'hello');
    // the file is written asynchronously: wait for the line rather than the clock
    const file = path.join(root, 'logs', 'station.log');
    await vi.waitFor(async () => expect(await readFile(file, 'utf8').catch(() => '')).toContain('"msg":"hello"'), { timeout: 30_000 });
    const text = await readFile(file, 'utf8');
    expect(text).toContain('"token":"[redactat]"');
    expect(text).not.toContain('sst_secret');
  });

  it('a data folder whose logs folder cannot be made: one line on stderr, no unhandled error', async () => {
    const blocked = path.join(root, 'data');
    await writeFile(blocked, 'a file where the folder should be');
    const lines = stderrLines();
    const log = createLogger(blocked);
    log.info('first');
    log.warn('second');
    await vi.waitFor(() => expect(lines.length).toBe(1), { timeout: 30_000 });
    expect(lines[0]).toContain(path.join(blocked, 'logs', 'station.log'));
    log.error('third'); // still no throw
  });

  it('its folder removed while the file is being opened (a test\'s temporary folder): no unhandled error', async () => {
    const dataDir = path.join(root, 'station-data');
    const lines = stderrLines();
    const log = createLogger(dataDir);
    log.info('while the folder goes');
    await rm(root, { recursive: true, force: true });
    log.info('after');
    // either the open won the race (the file's unlinked fd takes the line) or it failed and was said once
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    expect(lines.length).toBeLessThanOrEqual(1);
  });

  it('a process whose log file failed exits cleanly (pino flushes its lines at exit)', async () => {
    const blocked = path.join(root, 'data');
    await writeFile(blocked, 'x');
    // the child exits as soon as the logger has said why it cannot write, with lines still held
    const script = `
      import { createLogger } from ${JSON.stringify(path.join(REPO_ROOT, 'station', 'src', 'log', 'logger.ts'))};
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = (chunk, ...rest) => { const r = write(chunk, ...rest); if (String(chunk).startsWith('station: fișierul jurnalului')) { log.info('last'); process.exit(0); } return r; };
      const log = createLogger(${JSON.stringify(blocked)});
      for (let i = 0; i < 100; i++) log.info({ i }, 'held while the file opens');
      setInterval(() => {}, 1000);
    `;
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, timeout: 60_000 });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('station: fișierul jurnalului')]);
  });
});
