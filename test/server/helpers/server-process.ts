/** The real registry server process (`node bin/server.js …`) for tests: started, run, killed at the end of each test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'server.js');
const children = new Set<ChildProcess>();

export interface RunningServer {
  child: ChildProcess;
  base: string;
  exited: Promise<number | null>;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `server serve` on a free loopback port; resolves once it says where it listens. */
export function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { children.delete(child); resolve(code); }));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /ascultă la (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (match) resolve({ child, base: match[1]!, exited });
    });
    child.stdout!.resume();
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
  });
}

/** Any other command (`station add`, `backup`, `serve` expected to fail…) run to its end. */
export function runServerCommand(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  return new Promise((resolve) => child.once('close', (code) => { children.delete(child); resolve({ code, stdout, stderr }); }));
}

/** For `afterEach`: nothing started by a test outlives it. */
export function killServerProcesses(): void {
  for (const child of children) child.kill('SIGKILL');
}
