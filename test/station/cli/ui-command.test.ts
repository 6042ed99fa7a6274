/**
 * `station ui` as the clerk runs it (the real binary): prints the address with the secret, serves
 * the page on 127.0.0.1 only, refuses the API without the secret, stops cleanly on SIGTERM; a port
 * already taken is said in Romanian.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, runNode, spawnNode, STATION_BIN } from '../../support/real-processes.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('ui-cli-')));
afterEach(() => killAll());
afterAll(() => cleanup());

describe('station ui', () => {
  it('prints the address with its secret, serves on 127.0.0.1, stops on SIGTERM', async () => {
    const p = spawnNode(STATION_BIN, ['ui', '--port', '0'], { env: { STATION_DATA_DIR: path.join(root, 'data') }, cwd: root });
    while (!/cheie=/.test(p.stdout())) {
      if (p.child.exitCode !== null) throw new Error(p.stderr());
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = /Stația în browser: (http:\/\/127\.0\.0\.1:(\d+))\/#cheie=([A-Za-z0-9_-]{40,})/.exec(p.stdout())!;
    expect(m).not.toBeNull();
    const [, base, , secret] = m;
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await fetch(`${base}/api/batches`)).status).toBe(401);
    expect((await fetch(`${base}/api/batches`, { headers: { 'x-station-secret': secret! } })).status).toBe(200);
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('Se oprește stația');
  });

  it('a port already in use is said in Romanian (exit 1)', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await runNode(STATION_BIN, ['ui', '--port', String(port)], { env: { STATION_DATA_DIR: path.join(root, 'data2') }, cwd: root });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Portul ${port} este deja folosit`);
    } finally {
      busy.close();
    }
  });
});
