/**
 * The page worker bundle under node_modules/.cache: the same sources give the same file whatever the
 * current folder, and a file left empty (a power cut during its write) is written again, not started.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const entryNow = async (): Promise<URL> => {
  vi.resetModules(); // a fresh module: the bundle is made again, as in a new process
  const { pageWorkerEntry } = await import('../../../station/src/pipeline/worker-bundle.ts');
  return pageWorkerEntry();
};

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe('page worker bundle', () => {
  it('is a bundle (not the loader boot file), named the same from any current folder', async () => {
    const here = await entryNow();
    expect(here.pathname).toMatch(/\/node_modules\/\.cache\/scan-station\/page-worker-[0-9a-f]{16}\.mjs$/);
    process.chdir('/tmp');
    expect((await entryNow()).href).toBe(here.href);
  });

  it('a bundle file cut short is written again before a worker starts from it', async () => {
    const file = await entryNow();
    const whole = await readFile(fileURLToPath(file), 'utf8');
    expect(whole.length).toBeGreaterThan(1000);
    await writeFile(fileURLToPath(file), '');
    expect((await entryNow()).href).toBe(file.href);
    expect(await readFile(fileURLToPath(file), 'utf8')).toBe(whole);
  });

  it('does not load sharp (libvips, about 3.7 MB a worker): a colour page\'s gray preview is made without it', async () => {
    const code = await readFile(fileURLToPath(await entryNow()), 'utf8');
    expect(code).toMatch(/from "zxing-wasm/);
    expect(code).not.toMatch(/from "sharp"|import\("sharp"\)|require\("sharp"\)/);
  });
});
