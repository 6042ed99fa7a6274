/**
 * `station sync`: in-process against a real journal file and the real registry server (in-process,
 * real HTTP), and `--watch` as the real binary stopped with SIGTERM.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncCommand } from '../../../station/src/cli/sync-command.ts';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type OutboxItem } from '../../../station/src/journal/outbox-repository.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { killAll, spawnNode, STATION_BIN } from '../../support/real-processes.ts';
import { downRegistry, splitSummary, startRegistry, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let dataDir: string;
let registry: RegistryApp | null = null;

beforeEach(async () => {
  tmp = await makeTempDir('sync-command-');
  dataDir = path.join(tmp.dir, 'station-data');
});
afterEach(async () => {
  killAll();
  await registry?.close();
  registry = null;
  await tmp.cleanup();
});

/** Completed batches with their reports queued in the station's journal, as a split leaves them. */
function queue(...ids: string[]): void {
  const db = openJournal(dataDir);
  try {
    const journal = createBatchJournal(db);
    const outbox = createOutbox(db);
    for (const id of ids) {
      const summary = splitSummary(id, [summaryDocument('84512/27.09.2021', 2), summaryDocument('84513/27.09.2021', 1)]);
      journal.start({ id, kind: 'split', outDir: path.join(tmp.dir, id), options: {} });
      journal.complete(id, JSON.stringify(summary), () => outbox.enqueue(id, batchReportFrom(summary, 'statia-1')));
    }
  } finally {
    db.close();
  }
}

function outbox(): OutboxItem[] {
  const db = openJournal(dataDir);
  try {
    const o = createOutbox(db);
    return (db.prepare('SELECT batch_id FROM outbox ORDER BY created_at').pluck().all() as string[]).map((id) => o.get(id)!);
  } finally {
    db.close();
  }
}

async function sync(args: string[], server?: { url: string; token: string }) {
  const io = captureIo({
    cwd: tmp.dir,
    env: { STATION_DATA_DIR: dataDir, STATION_NAME: 'statia-1', ...(server ? { STATION_SERVER_URL: server.url, STATION_TOKEN: server.token } : {}) },
  });
  const code = await syncCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('station sync with no server configured', () => {
  it('says so in Romanian, lists the waiting reports and keeps them (exit 0)', async () => {
    queue('lot-1', 'lot-2');
    const r = await sync([]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe(
      'Niciun server configurat: 2 rapoarte rămân în coada stației.\n'
      + '  în așteptare: lotul lot-1 (încercări: 0)\n'
      + '  în așteptare: lotul lot-2 (încercări: 0)\n',
    );
    expect(outbox().map((i) => [i.batchId, i.attempts, i.deliveredAt])).toEqual([['lot-1', 0, null], ['lot-2', 0, null]]);
  });

  it('singular for one report, and a URL without a token is not a configured server', async () => {
    queue('lot-1');
    const io = captureIo({ cwd: tmp.dir, env: { STATION_DATA_DIR: dataDir, STATION_SERVER_URL: 'http://127.0.0.1:1' } });
    expect(await syncCommand([], io)).toBe(0);
    expect(io.out()).toMatch(/^Niciun server configurat: 1 raport rămâne în coada stației\.\n/);
  });

  it('--json: result null and the pending reports', async () => {
    queue('lot-1');
    const r = await sync(['--json']);
    expect(r.code).toBe(0);
    expect(r.out.endsWith('\n')).toBe(true);
    expect(JSON.parse(r.out)).toEqual({ result: null, pending: [{ batchId: 'lot-1', attempts: 0, lastError: null }] });
  });

  it('--watch without a server does one pass and exits instead of waiting forever', async () => {
    queue('lot-1');
    const r = await sync(['--watch']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Niciun server configurat: 1 raport rămâne');
  });

  it('an empty journal: nothing waiting', async () => {
    const r = await sync(['--json']);
    expect(JSON.parse(r.out)).toEqual({ result: null, pending: [] });
    expect((await sync([])).out).toBe('Niciun server configurat: 0 rapoarte rămân în coada stației.\n');
  });

  it('from twenty reports up the count takes «de» (Romanian numerals)', async () => {
    queue(...Array.from({ length: 20 }, (_, i) => `lot-${i + 1}`));
    expect((await sync([])).out).toMatch(/^Niciun server configurat: 20 de rapoarte rămân în coada stației\.\n/);
  });
});

describe('station sync with a server', () => {
  it('delivers everything waiting (text), then has nothing left', async () => {
    registry = await startRegistry();
    const server = { url: registry.base, token: await registry.addStation('statia-1') };
    queue('lot-1', 'lot-2');
    const r = await sync([], server);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Raport trimis la registratură (2).\n');
    expect(registry.count('SELECT COUNT(*) FROM batches')).toBe(2);
    expect(outbox().every((i) => i.deliveredAt !== null)).toBe(true);
    // again: nothing is waiting, and the clerk is not told that a report was sent
    const again = await sync([], server);
    expect(again).toEqual({ code: 0, out: 'Niciun raport în așteptare: nimic de trimis.\n', err: '' });
    expect(registry.count('SELECT COUNT(*) FROM batches')).toBe(2);
  });

  it('a report another program of the station is sending now: said so on its line, not «în așteptare» with its last error', async () => {
    registry = await startRegistry();
    const server = { url: registry.base, token: await registry.addStation('statia-1') };
    queue('lot-1', 'lot-2');
    // station ui (its own connection to the journal, its program running) is sending lot-1 right now, after a failed attempt
    const db = openJournal(dataDir);
    try {
      const other = createOutbox(db);
      other.markFailed('lot-1', 'SERVER_UNREACHABLE: x', new Date());
      expect(other.claim('lot-1', new Date())).not.toBeNull();
    } finally {
      db.close();
    }
    // old output: «  în așteptare: lotul lot-1 (încercări: 1; ultima eroare: SERVER_UNREACHABLE: x)»
    expect(await sync([], server)).toEqual({
      code: 0, err: '',
      out: 'Raport trimis la registratură (1).\n  se trimite chiar acum din alt program al stației: lotul lot-1 (încercări: 1)\n',
    });
    expect(JSON.parse((await sync(['--json'], server)).out).pending).toEqual([{ batchId: 'lot-1', attempts: 1, lastError: 'SERVER_UNREACHABLE: x', sendingElsewhere: true }]);
    expect(registry.count('SELECT COUNT(*) FROM batches')).toBe(1);
  });

  it('--json output shape: delivered, already recorded, failed, pending', async () => {
    registry = await startRegistry();
    const server = { url: registry.base, token: await registry.addStation('statia-1') };
    queue('lot-1', 'lot-2');
    // lot-2 reached the server earlier but the station never heard back
    const { RegistryClient } = await import('../../../station/src/report/registry-client.ts');
    await new RegistryClient(server).sendBatch(outbox()[1]!.payload as never);
    const r = await sync(['--json'], server);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toHaveLength(2); // one JSON line
    expect(JSON.parse(r.out)).toEqual({ result: { delivered: ['lot-1'], alreadyRecorded: ['lot-2'], superseded: [], failed: [], attention: [], pending: 0 }, pending: [] });
  });

  it('--json with the server down: exit 1, the failure and the report still waiting with its error', async () => {
    queue('lot-1');
    const { url } = await downRegistry();
    const r = await sync(['--json'], { url, token: 'sst_x' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({
      result: {
        delivered: [], alreadyRecorded: [], superseded: [], attention: [], pending: 1,
        failed: [{ batchId: 'lot-1', code: 'SERVER_UNREACHABLE', message: `Serverul registraturii (${url}) nu poate fi contactat.`, retryable: true }],
      },
      pending: [{ batchId: 'lot-1', attempts: 1, lastError: `SERVER_UNREACHABLE: Serverul registraturii (${url}) nu poate fi contactat.` }],
    });
  });

  it('text with a refused report: exit 1, the clerk is told it stays queued and why', async () => {
    registry = await startRegistry();
    queue('lot-1');
    const r = await sync([], { url: registry.base, token: 'sst_token_gresit' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Raportul nu a putut fi trimis. Serverul a refuzat raportul (401): Tokenul de acces nu este valid. Rămâne în coadă; „station sync” îl retrimite.\n');
    expect(r.out).toContain('  în așteptare: lotul lot-1 (încercări: 1; ultima eroare: UNAUTHORIZED: Serverul a refuzat raportul (401)');
  });
});

describe('station sync errors', () => {
  it('an unknown option: exit 2, Romanian usage error (text and --json)', async () => {
    const r = await sync(['--nu-exista']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('Eroare [USAGE]: Opțiunea --nu-exista nu există.\n');
    const j = await sync(['--json', '--nu-exista']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toMatchObject({ event: 'error', code: 'USAGE' });
  });

  it('a positional argument is refused', async () => {
    expect((await sync(['lot-1'])).code).toBe(2);
  });

  it('a config file that does not exist: CONFIG_INVALID, exit 1', async () => {
    const r = await sync(['--config', path.join(tmp.dir, 'lipsa.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Eroare \[CONFIG_INVALID\]: Fișierul de configurare .*lipsa\.json nu poate fi citit\./);
  });
});

describe('station sync --watch (the real binary)', () => {
  it('keeps delivering until SIGTERM, then exits 0', async () => {
    registry = await startRegistry();
    const token = await registry.addStation('statia-1');
    queue('lot-1');
    const child = spawnNode(STATION_BIN, ['sync', '--watch'], {
      cwd: tmp.dir,
      env: { STATION_DATA_DIR: dataDir, STATION_NAME: 'statia-1', STATION_SERVER_URL: registry.base, STATION_TOKEN: token },
    });
    // the event that proves delivery is the station's own record of it: the server's row alone comes
    // before the answer, and a SIGTERM sent then aborts the request and leaves the report pending
    while (outbox()[0]!.deliveredAt === null) {
      if (child.child.exitCode !== null) throw new Error(`exited before delivering: ${child.stdout()} ${child.stderr()}`);
      await new Promise((r) => setTimeout(r, 100)); // the test's timeout is the safety net
    }
    expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-1'")).toBe(1);
    expect(child.stdout()).toContain('Rapoartele se trimit pe măsură ce serverul este disponibil (Ctrl+C pentru oprire).');
    child.child.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(outbox()[0]!.deliveredAt).not.toBeNull();
  });
});
