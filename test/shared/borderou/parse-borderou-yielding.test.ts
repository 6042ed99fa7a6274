import { describe, expect, it } from 'vitest';
import { parseBorderouCsv, parseBorderouCsvYielding } from '../../../shared/src/borderou/parse-borderou-csv.ts';

function csv(rows: number, bad: number[] = []): Uint8Array {
  const lines = ['numar_inregistrare;structura;nr_file;data;observatii'];
  for (let i = 1; i <= rows; i++) lines.push(`${bad.includes(i) ? 'x' : i}/27.09.2021;Urbanism;1;;`);
  return new Uint8Array(Buffer.from(`${lines.join('\r\n')}\r\n`));
}

describe('parseBorderouCsvYielding', () => {
  it('pauses every few hundred rows and gives the same result as the plain parse', async () => {
    const bytes = csv(10_000, [7, 5000]);
    let pauses = 0;
    const parsed = await parseBorderouCsvYielding(bytes, async () => { pauses += 1; });
    expect(pauses).toBeGreaterThanOrEqual(20); // after tokenizing, then every 500 rows
    expect(parsed).toEqual(parseBorderouCsv(bytes));
    expect(parsed.entries).toHaveLength(9998);
    expect(parsed.errors.map((e) => e.line)).toEqual([8, 5001]);
  });

  it('other work runs during the pauses (the event that a health check would be answered)', async () => {
    const order: string[] = [];
    const parse = parseBorderouCsvYielding(csv(2000), async () => {
      order.push('pause');
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    const other = new Promise<void>((resolve) => setImmediate(() => { order.push('other request'); resolve(); }));
    await Promise.all([parse, other]);
    expect(order.indexOf('other request')).toBeLessThan(order.lastIndexOf('pause'));
  });
});
