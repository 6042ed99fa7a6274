/**
 * The real binaries as child processes, for end-to-end tests: `node bin/server.js …` and
 * `node bin/station.js …`, with only the environment they are given; every child is tracked so a
 * failing test never leaves one behind (`killAll` in afterEach). Plus a small HTTP proxy that can
 * forward a request, wait for the server's answer, and hold it back from the client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from './split-run.ts';

export const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'server.js');
export const STATION_BIN = path.join(REPO_ROOT, 'bin', 'station.js');

const children = new Set<ChildProcess>();

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Child {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
}

/** `node <bin> <args>` with exactly `env` (plus PATH and HOME). */
export function spawnNode(bin: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string }): Child {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: opts.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr!.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** SIGKILLs every child still running (for afterEach). */
export function killAll(): void {
  for (const child of children) child.kill('SIGKILL');
}

export interface ServerProcess extends Child {
  base: string;
  /** SIGTERM, then the exit. */
  stop(): Promise<Exit>;
}

/** `node bin/server.js serve` on 127.0.0.1:`port`; resolves once it listens. `env` adds to its environment (e.g. DATABASE_URL). */
/**
 * `server serve` on 127.0.0.1; `port` 0 (the default): one the system picks, read back from the line
 * the server writes when it listens (`base`). A given port already taken rejects with code EADDRINUSE
 * (registry-app.ts's onFreePort tries another).
 */
export async function startServerProcess(opts: { port?: number; dataDir: string; adminToken: string; cwd: string; env?: NodeJS.ProcessEnv }): Promise<ServerProcess> {
  const c = spawnNode(SERVER_BIN, ['serve'], {
    cwd: opts.cwd,
    env: { PORT: String(opts.port ?? 0), HOST: '127.0.0.1', DATA_DIR: opts.dataDir, ADMIN_TOKEN: opts.adminToken, LOG_LEVEL: 'warn', ...opts.env },
  });
  const base = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /ascultă la (http:\/\/127\.0\.0\.1:\d+)/.exec(c.stderr());
      if (m) {
        c.child.stderr!.off('data', onData);
        resolve(m[1]!);
      }
    };
    c.child.stderr!.on('data', onData);
    void c.exited.then((e) => reject(Object.assign(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${e.stderr}`),
      /\(EADDRINUSE\)/.test(e.stderr) ? { code: 'EADDRINUSE' } : {})));
  });
  return {
    ...c,
    base,
    stop: () => {
      c.child.kill('SIGTERM');
      return c.exited;
    },
  };
}

/** Runs a binary to the end. */
export function runNode(bin: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string }): Promise<Exit> {
  return spawnNode(bin, args, opts).exited;
}

export interface ProxiedCall {
  method: string;
  url: string;
  requestBody: string;
  status: number;
  responseBody: string;
}

export interface HoldingProxy {
  base: string;
  /** Every request forwarded, with the server's answer (whether or not the client got it). */
  calls: ProxiedCall[];
  /**
   * 'pass': answers the client with the server's answer. 'hold': forwards the request, waits for the
   * server's full answer, records it, and never answers the client.
   */
  mode: 'pass' | 'hold';
  /** Settles with the next call held back in 'hold' mode. */
  nextHeld(): Promise<ProxiedCall>;
  close(): Promise<void>;
}

/** A plain HTTP proxy in front of `target` (e.g. `http://127.0.0.1:8080`). */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const waiting: ((c: ProxiedCall) => void)[] = [];
  const held: ServerResponse[] = [];
  const proxy: HoldingProxy = {
    base: '',
    calls: [],
    mode: 'pass',
    nextHeld: () => new Promise((resolve) => waiting.push(resolve)),
    close: async () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestBody = Buffer.concat(chunks);
      const mode = proxy.mode;
      const out = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          const body: Buffer[] = [];
          up.on('data', (c: Buffer) => body.push(c));
          up.on('end', () => {
            const call: ProxiedCall = { method: req.method ?? '', url: req.url ?? '', requestBody: requestBody.toString('utf8'), status: up.statusCode ?? 0, responseBody: Buffer.concat(body).toString('utf8') };
            proxy.calls.push(call);
            if (mode === 'hold') {
              held.push(res);
              waiting.shift()?.(call);
              return;
            }
            res.writeHead(up.statusCode ?? 502, up.headers).end(Buffer.concat(body));
          });
        },
      );
      out.on('error', () => res.destroy()); // upstream down: the client sees the connection drop
      out.end(requestBody);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
