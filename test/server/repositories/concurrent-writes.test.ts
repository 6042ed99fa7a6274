/**
 * Writes that several server instances may make at the same moment, through the repositories: on
 * PostgreSQL two instances (two connection pools on one database), on SQLite the one connection a
 * server has (its transactions queue). Whatever the interleaving: one batch, one borderou version
 * per upload, one user per name.
 */
import { afterEach, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { describeEngines } from '../../support/postgres.ts';
import { batchRow, documentRows, range } from '../helpers/batch-rows.ts';
import { instances } from '../helpers/registry-instances.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = '2021-09-27';
/** Batch `batchId` of 27.09.2021 at the station, as its `version`. */
const batch = (stationId: number, batchId: string, version = 1) => batchRow(stationId, DAY, batchId, version);
/** `n` documents of that day from registration `from` on (batches stored together get ranges of their own). */
const documents = (from: number, n: number) => documentRows(DAY, range(from, n));

describeEngines('concurrent writes from several instances', (engine) => {
  it('the same batch report stored by 8 requests on 2 instances at once is stored once, its totals once', async () => {
    const { repos, db } = await instances(engine, 2, cleanups);
    const station = await repos[0]!.stations.create('st-a', 'hash-a', '2021-09-27T00:00:00Z');
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      repos[i % 2]!.batches.store(batch(station.id, 'lot-1'), documents(0, 6))));
    expect(outcomes.map((o) => o.action).sort()).toEqual(['inserted', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept', 'kept']);
    expect(await db.get('SELECT COUNT(*) AS n FROM batches')).toEqual({ n: 1 });
    expect(await db.get('SELECT COUNT(*) AS n FROM documents')).toEqual({ n: 6 });
    expect(await db.get('SELECT SUM(documents) AS n FROM weekly_totals')).toEqual({ n: 6 });
  });

  it('different batches and versions stored at once on 2 instances keep totals equal to the documents', async () => {
    const { repos, db } = await instances(engine, 2, cleanups);
    const a = await repos[0]!.stations.create('st-a', 'hash-a', 'now');
    const b = await repos[1]!.stations.create('st-b', 'hash-b', 'now');
    await Promise.all([
      ...Array.from({ length: 6 }, (_, i) => repos[i % 2]!.batches.store(batch(i % 2 ? a.id : b.id, `lot-${i}`), documents(10 * (i + 1), 5))),
      repos[0]!.batches.store(batch(a.id, 'lot-v'), documents(100, 4)),
      repos[1]!.batches.store(batch(a.id, 'lot-v', 2), documents(200, 2)),
    ]);
    const stored = await repos[0]!.batches.find(a.id, 'lot-v');
    expect(stored?.version).toBe(2);
    const fromDocuments = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM documents');
    expect(fromDocuments).toEqual({ n: 32 });
    expect(await db.get('SELECT SUM(documents) AS n FROM daily_totals')).toEqual(fromDocuments);
    expect(await db.get('SELECT SUM(documents) AS n FROM weekly_totals')).toEqual(fromDocuments);
  });

  it('one day\'s borderou uploaded on 2 instances at once: versions 1 and 2, one current', async () => {
    const { repos } = await instances(engine, 2, cleanups);
    const upload = (i: number) => repos[i]!.borderouri.save({
      day: '2021-09-27', uploadedAt: `2021-09-27T10:00:0${i}.000Z`, encoding: 'utf-8', delimiter: ';', contentSha256: `h${i}`,
      content: new Uint8Array([i]), uploadedBy: null,
      entries: [{ line: 2, registrationNumber: '84512/27.09.2021', department: `D${i}`, expectedSheets: 1, date: '2021-09-27', notes: null }],
    });
    await Promise.all([upload(0), upload(1)]);
    const versions = await repos[0]!.borderouri.versions('2021-09-27');
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions.map((v) => v.current)).toEqual([false, true]);
  });

  it('a user name taken at once on 2 instances, in two spellings: one user, the other CONFLICT', async () => {
    const { repos } = await instances(engine, 2, cleanups);
    const results = await Promise.allSettled([
      repos[0]!.users.create('Ana', 'admin', 'hash', 'now'),
      repos[1]!.users.create('ana', 'raport', 'hash', 'now'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(isStationError(refused.reason, 'CONFLICT')).toBe(true);
    expect((await repos[1]!.users.findByName('ANA'))?.name).toMatch(/^ana$/i);
    expect(await repos[0]!.users.list()).toHaveLength(1);
  });
});
