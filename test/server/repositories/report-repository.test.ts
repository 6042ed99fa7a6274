import { describe, expect, it } from 'vitest';
import type { SqlClient, SqlRunner } from '../../../server/src/db/sql-client.ts';
import { createReportRepository, splitPeriod } from '../../../server/src/repositories/report-repository.ts';
import { weeklyReport } from '../../../server/src/services/weekly-activity.ts';
import { describeEngines } from '../../support/postgres.ts';
import { batchReport, doc, startTestApp } from '../helpers/test-app.ts';

describe('splitPeriod', () => {
  it('keeps whole weeks for weekly_totals and the ends for daily_totals', () => {
    // Wednesday 29.09.2021 → Tuesday 12.10.2021: one whole week (04.10–10.10) and two partial ones.
    expect(splitPeriod('2021-09-29', '2021-10-12')).toEqual({
      whole: ['2021-10-04', '2021-10-04'],
      partial: [['2021-09-29', '2021-10-03'], ['2021-10-11', '2021-10-12']],
    });
    // Monday → Sunday: whole weeks only.
    expect(splitPeriod('2021-09-27', '2021-10-10')).toEqual({ whole: ['2021-09-27', '2021-10-04'], partial: [] });
    // Inside one week: days only.
    expect(splitPeriod('2021-09-28', '2021-10-01')).toEqual({ whole: null, partial: [['2021-09-28', '2021-10-01']] });
    // Monday → Friday of the same week: days only.
    expect(splitPeriod('2021-09-27', '2021-10-01')).toEqual({ whole: null, partial: [['2021-09-27', '2021-10-01']] });
    // A single Sunday.
    expect(splitPeriod('2021-10-03', '2021-10-03')).toEqual({ whole: null, partial: [['2021-10-03', '2021-10-03']] });
  });
});

describeEngines('weekly report reads', (engine) => {
  it('reads every part of the report in one snapshot: a batch another instance stores between two of its statements is in none of them', async () => {
    const t = await startTestApp({}, undefined, engine);
    // a second instance on the same database (SQLite: its own connection to the same file)
    const other = await startTestApp({}, t.place);
    try {
      const token = await t.addStation('ghiseu-1');
      const send = async (to: typeof t, batchId: string, documents: ReturnType<typeof doc>[]) => {
        const report = batchReport('ghiseu-1', batchId, { startedAt: '2021-09-29T07:15:00Z', endedAt: '2021-09-29T07:20:00Z', documents });
        expect((await to.request('POST', '/api/batches', { token, json: report })).status).toBe(201);
      };
      await send(t, 'b-1', [doc('1/29.09.2021', 2, 3), doc('2/29.09.2021', 1, 1)]);

      // Just before the report's second statement, the other instance stores a batch (and it commits).
      let statements = 0;
      const interrupted = (runner: SqlRunner): SqlRunner => ({
        ...runner,
        all: async <T>(sql: string, params?: readonly unknown[]) => {
          if (++statements === 2) await send(other, 'b-2', [doc('3/29.09.2021', 5, 5)]);
          return runner.all<T>(sql, params);
        },
      });
      const db = t.app.sql;
      const client: SqlClient = { ...db, ...interrupted(db), snapshot: (work) => db.snapshot((reader) => work(interrupted(reader))) };
      const figures = await weeklyReport('2021-09-27', '2021-10-03', createReportRepository(client));
      expect(statements).toBeGreaterThan(2);
      // stations (the totals) and departments read apart would disagree by the batch stored between them
      const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0);
      expect(figures.totals).toEqual({ documents: 2, sheets: 3, pages: 4 });
      expect([sum(figures.departments.documents), sum(figures.departments.sheets), sum(figures.departments.pages)]).toEqual([2, 3, 4]);
      // the batch was stored: the next report has it
      const after = await weeklyReport('2021-09-27', '2021-10-03', createReportRepository(db));
      expect(after.totals).toEqual({ documents: 3, sheets: 8, pages: 9 });
      expect(sum(after.departments.documents)).toBe(3);
    } finally {
      await other.app.close();
      await t.close();
    }
  });
});
