/**
 * `station outbox` and the station's fixed name, against a real journal file and the real registry
 * server (in-process, real HTTP): the case — reports queued under «statie» before the name
 * was set, refused with 403 and retried every 6 hours — cannot happen again, and a refused report is
 * shown to the clerk with the server's reason and can be retried or re-addressed.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../station/src/cli/main.ts';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type OutboxItem } from '../../../station/src/journal/outbox-repository.ts';
import { createStationIdentity } from '../../../station/src/journal/station-identity.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { MISSING } from '../../../station/src/web/outbox-words.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { splitSummary, startRegistry, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let dataDir: string;
let registry: RegistryApp;

beforeEach(async () => {
  tmp = await makeTempDir('outbox-command-');
  dataDir = path.join(tmp.dir, 'station-data');
  registry = await startRegistry();
});
afterEach(async () => {
  await registry.close();
  await tmp.cleanup();
});

/** Reports queued as an older station left them: addressed to `station`, no name fixed. */
function queue(station: string, ...ids: string[]): void {
  const db = openJournal(dataDir);
  try {
    const journal = createBatchJournal(db);
    const outbox = createOutbox(db);
    for (const id of ids) {
      const summary = splitSummary(id, [summaryDocument('84512/27.09.2021', 2)]);
      journal.start({ id, kind: 'split', outDir: path.join(tmp.dir, id), options: {} });
      journal.complete(id, JSON.stringify(summary), () => outbox.enqueue(id, batchReportFrom(summary, station)));
    }
  } finally {
    db.close();
  }
}

function withDb<T>(fn: (db: ReturnType<typeof openJournal>) => T): T {
  const db = openJournal(dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
const item = (id: string): OutboxItem => withDb((db) => createOutbox(db).get(id)!);
const fixedName = () => withDb((db) => createStationIdentity(db).get()?.name ?? null);
const recorded = (station: string) => registry.count('SELECT COUNT(*) FROM batches b JOIN stations s ON s.id = b.station_id WHERE s.name = ?', station);

async function station(args: string[], env: Record<string, string>) {
  const io = captureIo({ cwd: tmp.dir, env: { STATION_DATA_DIR: dataDir, STATION_SERVER_URL: registry.base, ...env } });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('the station name is fixed once', () => {
  it('reports queued under «statie» before STATION_NAME was set go out under the configured name', async () => {
    queue('statie', 'lot-1', 'lot-2');
    const token = await registry.addStation('ghiseu-1');
    const r = await station(['sync'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token });
    expect(r).toMatchObject({ code: 0, out: 'Raport trimis la registratură (2).\n' });
    expect(recorded('ghiseu-1')).toBe(2);
    expect(fixedName()).toBe('ghiseu-1');
  });

  it('no STATION_NAME with a server configured: nothing is sent, nothing is invented, the clerk is told what to set', async () => {
    queue('statie', 'lot-1');
    const token = await registry.addStation('ghiseu-1');
    const r = await station(['sync'], { STATION_TOKEN: token });
    expect(r.code).toBe(1);
    expect(r.out).toContain('Numele stației nu este configurat (STATION_NAME');
    expect(item('lot-1')).toMatchObject({ attempts: 0, deliveredAt: null });
    expect(registry.count('SELECT COUNT(*) FROM batches')).toBe(0);
    expect(fixedName()).toBeNull();
  });

  it('a different STATION_NAME later is refused, not silently used; «outbox readdress --all» is the explicit change', async () => {
    queue('ghiseu-1', 'lot-1');
    withDb((db) => createStationIdentity(db).resolve('ghiseu-1'));
    const token2 = await registry.addStation('ghiseu-2');
    const env = { STATION_NAME: 'ghiseu-2', STATION_TOKEN: token2 };
    const r = await station(['sync'], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Stația este înregistrată în jurnal ca „ghiseu-1”, dar configurația spune acum „ghiseu-2”');
    expect(r.out).toContain('station outbox readdress --all');
    expect(item('lot-1').attempts).toBe(0);
    expect(fixedName()).toBe('ghiseu-1');

    const fix = await station(['outbox', 'readdress', '--all'], env);
    expect(fix.code).toBe(0);
    expect(fix.out).toContain('Raportul lotului lot-1 adresat stației „ghiseu-2”.');
    expect(fix.out).toContain('Raport trimis la registratură (1).');
    expect(fixedName()).toBe('ghiseu-2');
    expect(recorded('ghiseu-2')).toBe(1);
  });
});

describe('station outbox', () => {
  it('a report refused with 403 needs attention: not retried by sync, listed with the reason, re-addressed, delivered', async () => {
    queue('ghiseu-1', 'lot-1');
    // the station was set up as ghiseu-1, but the token belongs to ghiseu-2
    const token2 = await registry.addStation('ghiseu-2');
    const first = await station(['sync'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token2 });
    expect(first.code).toBe(1);
    expect(first.out).toContain('refuzat de server (o reîncercare nu ajută): vedeți „station outbox”');
    expect(first.out).toContain('refuzat de server, așteaptă o decizie: lotul lot-1 (încercări: 1; ultima eroare: FORBIDDEN: Serverul a refuzat raportul (403)');
    // sync again does not hammer the server with it
    const again = await station(['sync'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token2 });
    expect(again.code).toBe(1);
    expect(item('lot-1').attempts).toBe(1);

    const list = await station(['outbox'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token2 });
    expect(list.code).toBe(1);
    expect(list.out).toContain('lotul lot-1: REFUZAT de server, așteaptă o decizie (stația „ghiseu-1”, 1 document, încercări: 1)');
    expect(list.out).toContain('motiv: FORBIDDEN: Serverul a refuzat raportul (403)');
    expect(list.out).toContain('station outbox readdress <lot>');
    const json = JSON.parse((await station(['outbox', 'show', 'lot-1', '--json'], { STATION_NAME: 'ghiseu-1' })).out) as { reports: { batchId: string; state: string }[] };
    expect(json.reports).toMatchObject([{ batchId: 'lot-1', state: 'attention' }]);

    const fixed = await station(['outbox', 'readdress', 'lot-1'], { STATION_NAME: 'ghiseu-2', STATION_TOKEN: token2 });
    expect(fixed).toMatchObject({ code: 0 });
    expect(recorded('ghiseu-2')).toBe(1);
    expect(item('lot-1').deliveredAt).not.toBeNull();
    expect((await station(['outbox'], { STATION_NAME: 'ghiseu-2' })).out).toBe('Coada stației este goală: toate rapoartele au ajuns la registratură.\n');
  });

  it('retry puts a refused report back once its cause is fixed on the server', async () => {
    queue('ghiseu-1', 'lot-1');
    const token = await registry.addStation('ghiseu-1');
    withDb((db) => createOutbox(db).markAttention('lot-1', 'CONFLICT: x', []));
    expect((await station(['sync'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token })).code).toBe(1);
    expect(recorded('ghiseu-1')).toBe(0);
    const r = await station(['outbox', 'retry', 'lot-1'], { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token });
    expect(r.code).toBe(0);
    expect(r.out).toContain('Raportul lotului lot-1 repus în coadă.');
    expect(recorded('ghiseu-1')).toBe(1);
  });

  it('a report the registry lost and the station queued again: listed with why, in the outbox page\'s words', async () => {
    queue('ghiseu-1', 'lot-1');
    withDb((db) => {
      const outbox = createOutbox(db);
      outbox.markDelivered('lot-1', new Date('2026-11-30T08:00:00.000Z'), 'ghiseu-1');
      expect(outbox.markMissing(['lot-1'], new Date('2026-11-30T09:00:00.000Z'))).toEqual(['lot-1']);
    });
    const { out } = await station(['outbox', 'list'], { STATION_NAME: 'ghiseu-1' });
    expect(out).toContain(`  lotul lot-1: în așteptare`);
    expect(out).toContain(`      motiv: ${MISSING.reason}\n`);
  });

  it('a report another program of the station is sending now is said so; a claim from a clock hours ahead or of a program that ended is not', async () => {
    queue('ghiseu-1', 'lot-1', 'lot-2', 'lot-3');
    const gone = spawnSync(process.execPath, ['-e', '']).pid; // a program that ran on this computer and ended
    withDb((db) => {
      // station ui (another connection to the journal, its program running) is sending lot-1 right now, after a failed attempt
      const other = createOutbox(db);
      other.markFailed('lot-1', 'SERVER_UNREACHABLE: x', new Date());
      expect(other.claim('lot-1', new Date())).not.toBeNull();
      const hold = db.prepare('UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = ?');
      // another computer's program, its clock 3 hours ahead: this station's sender takes it, so it is not «being sent»
      hold.run('4242@birou-2/00000000-0000-0000-0000-000000000001', new Date(Date.now() + 3 * 3600_000).toISOString(), 'lot-2');
      // a program of this computer that no longer runs: nobody is sending it
      hold.run(`${gone}@${hostname()}/00000000-0000-0000-0000-000000000002`, new Date(Date.now() + 30_000).toISOString(), 'lot-3');
    });
    const list = await station(['outbox', 'list'], { STATION_NAME: 'ghiseu-1' });
    // old output: lot-1 «motiv: SERVER_UNREACHABLE: x» and its next attempt, as if it waited for this program
    expect(list).toEqual({
      code: 0, err: '',
      out: 'Stația: „ghiseu-1”. În coadă: 3 rapoarte.\n'
        + '  lotul lot-1: în așteptare (stația „ghiseu-1”, 1 document, încercări: 1)\n'
        + '      motiv: Se trimite chiar acum din alt program al stației („station ui” sau „station sync --watch”); nu este nimic de făcut.\n'
        + '  lotul lot-2: în așteptare (stația „ghiseu-1”, 1 document, încercări: 0)\n'
        + '  lotul lot-3: în așteptare (stația „ghiseu-1”, 1 document, încercări: 0)\n',
    });
    const json = JSON.parse((await station(['outbox', 'list', '--json'], { STATION_NAME: 'ghiseu-1' })).out) as { reports: { batchId: string; sendingElsewhere: boolean }[] };
    expect(json.reports.map((r) => [r.batchId, r.sendingElsewhere])).toEqual([['lot-1', true], ['lot-2', false], ['lot-3', false]]);
  });

  it('reconcile --days N: after a restore older than the hourly check\'s 30 days, the administrator has what the registry lost sent again', async () => {
    queue('ghiseu-1', 'lot-1', 'lot-2');
    const token = await registry.addStation('ghiseu-1');
    const env = { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token };
    expect(await station(['sync'], env)).toMatchObject({ code: 0, out: 'Raport trimis la registratură (2).\n' });
    // lot-1 went out 60 days ago; the registry is restored from a backup older than both
    withDb((db) => db.prepare("UPDATE outbox SET delivered_at = ? WHERE batch_id = 'lot-1'").run(new Date(Date.now() - 60 * 86_400_000).toISOString()));
    registry.app.db.transaction(() => {
      for (const table of ['documents', 'batch_versions']) registry.app.db.prepare(`DELETE FROM ${table}`).run();
      registry.app.db.prepare('DELETE FROM batches').run();
    })();
    expect(await station(['outbox', 'reconcile'], env)).toEqual({
      code: 0, err: '',
      out: 'Verificat cu registratura: 1 raport trimis în ultimele 30 de zile. Registratura nu mai avea 1 raport primit mai demult (probabil și-a restaurat baza de date dintr-o copie de siguranță): a fost pus din nou în coada de trimitere.\nRaport trimis la registratură (1).\n',
    });
    expect(recorded('ghiseu-1')).toBe(1); // lot-2 only: lot-1 is out of the window
    expect(await station(['outbox', 'reconcile', '--days', '90'], env)).toMatchObject({
      code: 0, out: 'Verificat cu registratura: 2 rapoarte trimise în ultimele 90 de zile. Registratura nu mai avea 1 raport primit mai demult (probabil și-a restaurat baza de date dintr-o copie de siguranță): a fost pus din nou în coada de trimitere.\nRaport trimis la registratură (1).\n',
    });
    expect(recorded('ghiseu-1')).toBe(2);
    expect(await station(['outbox', 'reconcile', '--days', '90'], env)).toMatchObject({
      code: 0, out: 'Verificat cu registratura: 2 rapoarte trimise în ultimele 90 de zile. Registratura le are pe toate.\nNiciun raport în așteptare: nimic de trimis.\n',
    });
    for (const bad of ['0', '-3', '2,5', 'treizeci', '4000']) {
      expect(await station(['outbox', 'reconcile', `--days=${bad}`], env)).toMatchObject({ code: 2, err: expect.stringContaining('--days trebuie să fie un număr întreg de zile între 1 și 3650') });
    }
    expect((await station(['outbox', 'list', '--days', '5'], env)).code).toBe(2);
    expect(await station(['outbox', 'reconcile'], { STATION_NAME: 'ghiseu-1' })).toMatchObject({ code: 1, err: expect.stringContaining('Niciun server configurat') });
  });

  it('reconcile asks the registry once for one command, even when the hourly check is due at its delivery', async () => {
    queue('ghiseu-1', 'lot-1', 'lot-2');
    const token = await registry.addStation('ghiseu-1');
    const env = { STATION_NAME: 'ghiseu-1', STATION_TOKEN: token };
    expect(await station(['sync'], env)).toMatchObject({ code: 0, out: 'Raport trimis la registratură (2).\n' });
    // the hourly check last ran two hours ago (due again), and the registry was restored from a backup older than both reports
    withDb((db) => expect(db.prepare('UPDATE outbox_reconciliation SET checked_at = ?').run(new Date(Date.now() - 2 * 3_600_000).toISOString()).changes).toBe(1));
    registry.app.db.transaction(() => {
      for (const table of ['documents', 'batch_versions']) registry.app.db.prepare(`DELETE FROM ${table}`).run();
      registry.app.db.prepare('DELETE FROM batches').run();
    })();
    const requests: string[] = [];
    const seen = (req: { method?: string; url?: string }) => requests.push(`${req.method} ${req.url}`);
    registry.app.server.on('request', seen); // every request the registry's HTTP server receives
    try {
      expect(await station(['outbox', 'reconcile'], env)).toMatchObject({ code: 0, out: expect.stringContaining('Raport trimis la registratură (2).') });
    } finally {
      registry.app.server.off('request', seen);
    }
    expect(requests.filter((r) => r === 'POST /api/batches/held')).toHaveLength(1);
    expect(recorded('ghiseu-1')).toBe(2);
  });

  it('wrong use: unknown action, missing batch, unknown batch, --help', async () => {
    expect((await station(['outbox', 'sterge'], {})).code).toBe(2);
    expect((await station(['outbox', 'retry'], {})).code).toBe(2);
    const unknown = await station(['outbox', 'retry', 'lot-9'], {});
    expect(unknown).toMatchObject({ code: 1, err: 'Eroare [BATCH_NOT_FOUND]: Lotul lot-9 nu are niciun raport în coada stației.\n' });
    const help = await station(['outbox', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Utilizare: station outbox/);
  });
});
