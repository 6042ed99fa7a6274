/**
 * `server backup --out` against the real server process while stations keep reporting, then the
 * restore: a new server started on the copy has exactly the reports the copy holds, and they are
 * a consistent snapshot (every report acknowledged before the backup began, totals matching).
 */
import { copyFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { batchReport, doc, tempDir } from './helpers/test-app.ts';
import { killServerProcesses, runServerCommand, startServer } from './helpers/server-process.ts';

afterEach(killServerProcesses);

const WRITERS = 4;

describe('backup of a running registry', () => {
  it('copies a consistent snapshot while reports are being written, and a server restored from it serves them', async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const added = await runServerCommand(['station', 'add', 'ghiseu-1'], dataDir);
    expect(added.code).toBe(0);
    const token = /^(sst_\S+)$/m.exec(added.stdout)![1]!;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const reports = new Map<number, ReturnType<typeof batchReport>>();
    // The same report each time it is sent (doc() gives every call a new SHA-256).
    const report = (n: number) => reports.get(n) ?? reports.set(n, batchReport('ghiseu-1', `lot-${n}`, {
      documents: [doc(`${10000 + n}/27.09.2021`, 1, 2), doc(`${20000 + n}/27.09.2021`, 2, 3)],
    })).get(n)!;
    const sent: number[] = [];
    const acknowledged = new Set<number>();
    let next = 0;
    let stop = false;
    const writer = async (): Promise<void> => {
      while (!stop) {
        const n = next++;
        sent.push(n);
        const response = await fetch(`${server.base}/api/batches`, { method: 'POST', headers, body: JSON.stringify(report(n)) });
        expect(response.status).toBe(201);
        acknowledged.add(n);
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    // Some reports are stored before the backup starts; the writers go on during and after it.
    while (acknowledged.size < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const beforeBackup = new Set(acknowledged);

    const backupDir = tempDir();
    const out = join(backupDir, 'registratura-copie.sqlite');
    const backup = await runServerCommand(['backup', '--out', out], dataDir);
    const afterBackup = acknowledged.size;
    // Let the writers add a few more after the backup, so the copy must not simply be "everything".
    while (acknowledged.size < afterBackup + 8) await new Promise((resolve) => setTimeout(resolve, 10));
    stop = true;
    await Promise.all(writers);

    expect(backup.stderr).toBe(`Baza de date: ${join(dataDir, 'registry.sqlite')}.\n`);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Copia de siguranță a fost scrisă: ${out} (`);
    expect(backup.stdout).toMatch(/Verificată: integritate în regulă; rânduri: .*batches \d+/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(backupDir)).toEqual(['registratura-copie.sqlite']); // no temporary file or -wal left

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    // What the copy holds: a snapshot — whole batches with their documents, totals kept by the triggers in step.
    const copy = new BetterSqlite3(out, { readonly: true });
    const inCopy = new Set((copy.prepare('SELECT batch_id FROM batches').pluck().all() as string[]).map((b) => Number(b.slice(4))));
    expect(copy.prepare('SELECT COUNT(*) FROM documents').pluck().get()).toBe(2 * inCopy.size);
    expect(copy.prepare('SELECT COALESCE(SUM(documents), 0) FROM weekly_totals').pluck().get()).toBe(2 * inCopy.size);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    for (const n of beforeBackup) expect(inCopy.has(n)).toBe(true);
    expect(inCopy.size).toBeLessThan(acknowledged.size);

    // Restore: the copy becomes the data folder's registry.sqlite, and a server starts on it.
    const restoredDir = tempDir();
    copyFileSync(out, join(restoredDir, 'registry.sqlite'));
    const restored = await startServer(restoredDir);
    for (const n of sent) {
      const response = await fetch(`${restored.base}/api/batches`, { method: 'POST', headers, body: JSON.stringify(report(n)) });
      expect({ n, status: response.status }).toEqual({ n, status: inCopy.has(n) ? 200 : 201 });
    }
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toBe(0);
  }, 120_000);
});
