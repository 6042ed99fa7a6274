/**
 * Ports for test servers without the race of a port found free and bound later: a server process on
 * port 0 says where it listens; a port taken meanwhile is EADDRINUSE and onFreePort takes another;
 * an unreachable registry holds its port and answers nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startServerProcess } from './real-processes.ts';
import { onFreePort, unreachableRegistry } from './registry-app.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ports-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function occupied(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  cleanups.push(() => new Promise((r) => server.close(r)));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, server })));
}

describe('test server ports', () => {
  it('a server process on port 0 says where it listens; on a taken port it is EADDRINUSE, and onFreePort takes another', async () => {
    const dir = await dataDir();
    const opts = { dataDir: dir, adminToken: 'ports-test-admin-token-0123', cwd: dir };
    const { port } = await occupied();
    await expect(startServerProcess({ ...opts, port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const server = await onFreePort((p) => startServerProcess({ ...opts, port: p }), { first: port });
    expect(server.base).not.toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
    const picked = await startServerProcess(opts);
    expect(picked.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${picked.base}/api/health`)).status).toBe(200);
    expect((await picked.stop()).code).toBe(0);
  }, 60_000);

  it('an unreachable registry answers nothing, and its port cannot be taken while it holds it', async () => {
    const down = await unreachableRegistry();
    cleanups.push(() => down.close());
    await expect(fetch(`${down.url}/api/health`)).rejects.toThrow(TypeError);
    const port = Number(new URL(down.url).port);
    const other = createServer();
    await expect(new Promise((resolve, reject) => { other.once('error', reject); other.listen(port, '127.0.0.1', () => resolve(null)); }))
      .rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
