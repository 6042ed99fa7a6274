import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../server/src/cli/io.ts';
import { main } from '../../server/src/cli.ts';
import { batchReport, startTestApp, tempDir } from './helpers/test-app.ts';

function captureIo(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { env, cwd: tempDir(), out: (l) => stdout.push(l), err: (l) => stderr.push(l), stdout, stderr };
}

describe('server CLI', () => {
  it('`station add` prints a token once that then authenticates the station', async () => {
    const dir = tempDir();
    const io = captureIo({ DATA_DIR: dir });
    expect(await main(['station', 'add', 'ghiseu-1'], io)).toBe(0);
    expect(io.stdout[0]).toBe('Stația „ghiseu-1” a fost creată.');
    expect(io.stderr).toEqual([`Baza de date: ${join(dir, 'registry.sqlite')} (nu exista; a fost creată acum).`]);
    const token = io.stdout.find((l) => l.startsWith('sst_'));
    expect(token).toMatch(/^sst_[A-Za-z0-9_-]{43}$/);

    const t = await startTestApp({}, dir);
    try {
      const response = await t.request('POST', '/api/batches', { token, json: batchReport('ghiseu-1', 'b-1') });
      expect(response.status).toBe(201);
    } finally {
      await t.app.close();
    }

    const list = captureIo({ DATA_DIR: dir });
    expect(await main(['station', 'list'], list)).toBe(0);
    expect(list.stderr).toEqual([`Baza de date: ${join(dir, 'registry.sqlite')}.`]);
    expect(list.stdout[0]).toBe('Stația\tCreată la\tLoturi\tUltimul lot');
    expect(list.stdout[1]).toMatch(/^ghiseu-1\t\S+\t1\t\S+$/);
    expect(list.stdout.join('\n')).not.toContain(token);
  });

  it('refuses a duplicate or invalid name and wrong usage, in Romanian', async () => {
    const dir = tempDir();
    expect(await main(['station', 'add', 'ghiseu-1'], captureIo({ DATA_DIR: dir }))).toBe(0);
    const again = captureIo({ DATA_DIR: dir });
    expect(await main(['station', 'add', 'ghiseu-1'], again)).toBe(1);
    expect(again.stderr).toEqual([`Baza de date: ${join(dir, 'registry.sqlite')}.`, 'Eroare: Stația „ghiseu-1” există deja.']);
    const invalid = captureIo({ DATA_DIR: dir });
    expect(await main(['station', 'add', 'ghișeu 1'], invalid)).toBe(2);
    expect(invalid.stderr[0]).toMatch(/^Eroare: Numele stației „ghișeu 1” nu este valid/);
    const usage = captureIo({ DATA_DIR: dir });
    expect(await main(['station'], usage)).toBe(2);
    expect(usage.stderr.join('\n')).toContain('Utilizare:');
    const empty = captureIo({ DATA_DIR: dir });
    expect(await main(['station', 'list'], empty)).toBe(0);
  });

  it('without DATA_DIR uses ./data only when the server\'s database is there, and never creates one silently', async () => {
    const elsewhere = captureIo({});
    expect(await main(['station', 'add', 'ghiseu-1'], elsewhere)).toBe(1);
    expect(elsewhere.stderr).toEqual([
      `Eroare: DATA_DIR nu este setat și în dosarul curent nu există baza de date a registraturii (${join(elsewhere.cwd, 'data', 'registry.sqlite')}). `
        + 'Setați DATA_DIR la dosarul de date al serverului (același ca la pornirea lui), de exemplu: '
        + 'DATA_DIR=/var/lib/scan-station npx server station add <nume>.',
    ]);
    expect(existsSync(join(elsewhere.cwd, 'data'))).toBe(false);
    expect(elsewhere.stdout).toEqual([]);

    // Run from the server's folder (its ./data exists): that database is used and named.
    const serverFolder = tempDir();
    const t = await startTestApp({}, join(serverFolder, 'data'));
    await t.app.close();
    const here = { ...captureIo({}), cwd: serverFolder };
    expect(await main(['station', 'add', 'ghiseu-1'], here)).toBe(0);
    expect(here.stderr).toEqual([`Baza de date: ${join(serverFolder, 'data', 'registry.sqlite')}.`]);
  });

  it('says in Romanian when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const io = captureIo({ DATA_DIR: tempDir(), PORT: String(port), LOG_LEVEL: 'silent' });
      expect(await main(['serve'], io)).toBe(1);
      expect(io.stderr[0]).toBe(`Eroare: Serverul nu poate asculta la 127.0.0.1:${port} (EADDRINUSE): portul este ocupat sau adresa nu este disponibilă.`);
    } finally {
      blocker.close();
    }
  });

  it('reports an invalid configuration before serving', async () => {
    const io = captureIo({ DATA_DIR: tempDir(), PORT: 'optzeci' });
    expect(await main(['serve'], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/^Eroare: Configurația nu este validă: „port” \(variabila PORT\)/);
  });
});
