/**
 * Running `station split` in tests: in-process through splitCommand (with a private station data
 * folder, so the developer's journal is never touched) or as the real binary in a child process.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import type { SplitSummary } from '../../shared/src/split-summary.ts';
import { splitCommand } from '../../station/src/cli/split-command.ts';
import { captureIo } from './cli-capture.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SplitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `station split <args>` in-process; `work` is the cwd and holds the station's data folder. */
export async function runSplit(args: string[], opts: { cwd: string; dataDir: string; env?: NodeJS.ProcessEnv }): Promise<SplitRun> {
  const io = captureIo({ cwd: opts.cwd, env: { STATION_DATA_DIR: opts.dataDir, ...opts.env } });
  const code = await splitCommand(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

/**
 * `node bin/station.js split <args>` as a child process, with only the variables it needs. Its limit
 * is a safety net under the tests' 180 s (vitest.config.ts), not 60 s: at a load average of 40 a
 * split of four small pages took about that long.
 */
export async function runStationBinary(args: string[], opts: { cwd: string; dataDir: string }): Promise<SplitRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, STATION_DATA_DIR: opts.dataDir };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'bin', 'station.js'), ...args], { cwd: opts.cwd, env, timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Writes named files into `dir`, in the given order; returns their paths. */
export async function writeInputs(dir: string, files: [name: string, bytes: Uint8Array][]): Promise<string[]> {
  const out: string[] = [];
  for (const [name, bytes] of files) {
    const p = path.join(dir, name);
    await writeFile(p, bytes);
    out.push(p);
  }
  return out;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The shape the issue promises for summary.json, the accounting invariant, file names relative to
 * --out, hashes that match the files, documents in scan order.
 */
export async function checkSummary(outDir: string, s: SplitSummary): Promise<void> {
  expect(s).toEqual(
    expect.objectContaining({
      pagesIn: expect.any(Number),
      separatorPages: expect.any(Number),
      blankPages: expect.any(Number),
      documents: expect.any(Array),
      warnings: expect.any(Array),
    }),
  );
  expect('unassigned' in s).toBe(true);
  const kept = s.documents.reduce((n, d) => n + d.pages, 0) + (s.unassigned?.pages ?? 0);
  expect(s.pagesIn).toBe(s.separatorPages + s.blankPages + kept);
  for (const d of s.documents) {
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['id', 'file', 'pages', 'sheets', 'sha256', 'flags']));
    expect(typeof d.id).toBe('string');
    expect(Number.isInteger(d.pages) && Number.isInteger(d.sheets)).toBe(true);
    expect(Array.isArray(d.flags)).toBe(true);
    if (d.pages === 0) {
      expect(d.file).toBeNull();
      expect(d.flags).toContain('empty');
      continue;
    }
    expect(d.file).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*\.pdf$/);
    expect(path.basename(d.file!)).toBe(d.file);
    expect(d.sha256).toBe(sha256(await readFile(path.join(outDir, d.file!))));
  }
  const seqs = s.documents.map((d) => d.separatorSeq ?? -1);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  if (s.unassigned) {
    expect(s.unassigned.file).toBe('unassigned.pdf');
    expect(s.unassigned.pages).toBeGreaterThan(0);
  }
  for (const w of s.warnings) expect(w).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  const onDisk = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
  expect(onDisk).toEqual(s);
}
