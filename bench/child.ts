/** Runs a bench script in a child process (its peak memory is its own) and returns its last JSON line. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The node flags of the station's launcher (the first line of bin/station.js): bench children run as the station does. */
export function stationNodeFlags(): string[] {
  const first = readFileSync(fileURLToPath(new URL('../bin/station.js', import.meta.url)), 'utf8').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+--\S+)*)\s*$/.exec(first);
  if (!m) throw new Error(`bin/station.js: unexpected first line ${first}`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

export async function runChild<T>(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...stationNodeFlags(), '--import', 'tsx', file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`${script} failed (exit ${code}):\n${err}`));
      resolve(JSON.parse(last) as T);
    });
  });
}

/**
 * The kernel's high-water mark of this process's resident memory (Linux `VmHWM`), or null.
 * Not `process.resourceUsage().maxRSS`: Linux carries that figure over from the parent across
 * fork and exec, so a child of a big parent would report the parent's peak.
 */
export function highWaterRssBytes(): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples RSS of this process every 25 ms; `peakMb()` also takes the kernel's high-water mark where there is one. */
export function rssSampler(): { peakMb(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  return {
    peakMb: () => Math.max(peak, process.memoryUsage().rss, highWaterRssBytes() ?? 0) / 1048576,
    stop: () => clearInterval(timer),
  };
}
