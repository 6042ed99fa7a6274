/**
 * The outbox's claim across processes on a real journal file opened twice (two connections: station ui
 * and station sync): a claim is taken whole even when the other process writes to the journal at the
 * same moment. The moment is made deterministic by the liveness check of the claim's holder (process.kill
 * with signal 0, called inside the claim): the other connection writes from there.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const LEASE = 60_000;
let tmp: { dir: string; cleanup: () => Promise<void> };
let uiDb: JournalDb;
let syncDb: JournalDb;
let ui: Outbox;
let sync: Outbox;

beforeEach(async () => {
  tmp = await makeTempDir('outbox-claim-');
  uiDb = openJournal(tmp.dir);
  syncDb = openJournal(tmp.dir);
  ui = createOutbox(uiDb, { leaseMs: LEASE });
  sync = createOutbox(syncDb, { leaseMs: LEASE });
  const journal = createBatchJournal(uiDb);
  for (const id of ['lot-1', 'lot-2']) {
    journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
    journal.complete(id, '{}', () => ui.enqueue(id, { batchId: id, version: 1 }));
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of [uiDb, syncDb]) if (db.open) db.close();
  await tmp.cleanup();
});

describe('outbox claim between two processes', () => {
  it('a claim whose holder is checked while the other process writes to the journal is taken, not refused SQLITE_BUSY', () => {
    const now = new Date();
    // lot-1 held by a process of this computer that the check finds gone (killed while sending)
    const dead = `999999@${hostname()}/00000000-0000-0000-0000-000000000000`;
    uiDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'lot-1'").run(dead, new Date(now.getTime() + LEASE).toISOString());
    // the other process (its own connection, not waiting: its write is either done or refused at once) records
    // lot-2's outcome while station sync's claim of lot-1 checks the holder
    uiDb.pragma('busy_timeout = 0');
    const otherWrite = uiDb.prepare("UPDATE outbox SET last_error = 'SERVER_UNREACHABLE: x', attempts = attempts + 1 WHERE batch_id = 'lot-2'");
    const writes: string[] = [];
    vi.spyOn(process, 'kill').mockImplementation(() => {
      try {
        otherWrite.run();
        writes.push('written');
      } catch (err) {
        writes.push((err as { code?: string }).code ?? String(err)); // waits for the claim: written after it
      }
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    // old code (a deferred transaction: the holder read, then the UPDATE): the other's commit in between makes the
    // UPDATE fail with SQLITE_BUSY_SNAPSHOT, thrown out of the pass (the web app's «Eroare internă», station sync's error)
    const claimed = sync.claim('lot-1', now);
    expect(claimed).toMatchObject({ batchId: 'lot-1' });
    expect(writes).toHaveLength(1);
    const holder = syncDb.prepare("SELECT claimed_by FROM outbox WHERE batch_id = 'lot-1'").pluck().get() as string;
    expect(holder).toMatch(new RegExp(`^${process.pid}@`));
    expect(holder).not.toBe(dead);
    // the other process's write goes through once the claim is taken
    if (writes[0] !== 'written') otherWrite.run();
    expect(ui.get('lot-2')).toMatchObject({ attempts: 1 });
  });

  it('a claim this outbox left (an earlier pass whose outcome could not be recorded) is taken again by its next pass; the other process still skips it', () => {
    const t0 = new Date();
    expect(ui.claim('lot-1', t0)).toMatchObject({ batchId: 'lot-1' });
    // no outcome recorded (the marks threw: the journal busy past its timeout), the pass ended
    const t1 = new Date(t0.getTime() + 30_000);
    // old code: null, the report skipped by its own station until the lease lapsed (and said to be sent by another program)
    expect(ui.claim('lot-1', t1)).toMatchObject({ batchId: 'lot-1', attempts: 0 });
    expect(uiDb.prepare("SELECT claim_until FROM outbox WHERE batch_id = 'lot-1'").pluck().get()).toBe(new Date(t1.getTime() + LEASE).toISOString());
    // the other process: station ui still runs, its claim holds
    expect(sync.claim('lot-1', new Date(t1.getTime() + 1_000))).toBeNull();
  });

  it('a claim taken by a clock ahead of this one (another computer\'s, or this one set back) lapses: not held for the clocks\' difference', () => {
    const now = new Date();
    // held by a process on another computer (its liveness cannot be checked from here), its clock 3 hours ahead
    const elsewhere = '4242@birou-2/00000000-0000-0000-0000-000000000001';
    const hold = (untilMs: number) => uiDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'lot-1'").run(elsewhere, new Date(now.getTime() + untilMs).toISOString());
    hold(3 * 3600_000);
    // old code: null for the next 3 hours and a minute; «Trimite din nou» could not move it either
    expect(sync.claim('lot-1', now)).toMatchObject({ batchId: 'lot-1' });
    // a claim within what a lease can be (the holder's lease may be longer than this one's) is still respected
    hold(LEASE + 50_000);
    expect(ui.claim('lot-1', now)).toBeNull();
  });
  it('the list says «being sent elsewhere» exactly when the claim is refused: a clock ahead, a process gone, a lapsed claim are taken and not said; a live claim is both', () => {
    const now = new Date();
    const gone = spawnSync(process.execPath, ['-e', '']).pid; // a process that ran on this computer and ended
    const cases: { what: string; by: string; untilMs: number; held: boolean }[] = [
      // old list: «Se trimite chiar acum din alt program al stației.» for 3 hours while claim() took it (d1f45ee)
      { what: 'another computer, its clock 3 h ahead', by: '4242@birou-2/00000000-0000-0000-0000-000000000001', untilMs: 3 * 3600_000, held: false },
      { what: 'another computer, within two leases', by: '4242@birou-2/00000000-0000-0000-0000-000000000001', untilMs: LEASE + 50_000, held: true },
      { what: 'a process of this computer that no longer runs', by: `${gone}@${hostname()}/00000000-0000-0000-0000-000000000002`, untilMs: LEASE, held: false },
      { what: 'a claim that lapsed', by: '4242@birou-2/00000000-0000-0000-0000-000000000001', untilMs: -1_000, held: false },
    ];
    for (const c of cases) {
      uiDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'lot-1'").run(c.by, new Date(now.getTime() + c.untilMs).toISOString());
      const listed = sync.pending(now).find((i) => i.batchId === 'lot-1')!;
      expect({ what: c.what, sendingElsewhere: listed.sendingElsewhere }).toEqual({ what: c.what, sendingElsewhere: c.held });
      expect(sync.get('lot-1')!.sendingElsewhere, c.what).toBe(c.held);
      // the sender's claim at the same moment: refused exactly when the list says another program sends it
      expect({ what: c.what, taken: sync.claim('lot-1', now) !== null }).toEqual({ what: c.what, taken: !c.held });
    }
    // a live claim of the other outbox (station ui, running): said by the list, refused by the claim
    expect(ui.claim('lot-2', now)).not.toBeNull();
    expect(sync.pending(now).find((i) => i.batchId === 'lot-2')!.sendingElsewhere).toBe(true);
    expect(sync.claim('lot-2', now)).toBeNull();
  });
});
