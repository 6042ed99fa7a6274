/**
 * The registry's preview and upload of a borderou Excel saved as tab-delimited text («Text Unicode»,
 * UTF-16LE with a BOM; «Text (delimitat de tabulatori)», Windows-1250) under the registry's title block:
 * read like a `;` file, stored with its encoding and the tab, its rows read back. Real HTTP, both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { exportTable, titleBlock, utf16leBom, windows1250 } from '../../support/borderou-export.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

describeEngines('a borderou saved from Excel as tab-delimited text', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  const post = (url: string, bytes: Uint8Array) => t.request('POST', url, { body: bytes, contentType: 'text/csv' });
  const day = (d: string) => (lines: string[]) => lines.map((l) => l.replaceAll('27.09.2021', d));

  it.each([
    ['«Text Unicode» (UTF-16LE)', utf16leBom, 'utf-16le', '28.09.2021', '2021-09-28'],
    ['«Text (delimitat de tabulatori)» (Windows-1250)', windows1250, 'windows-1250', '29.09.2021', '2021-09-29'],
  ] as const)('%s: previewed and stored, its rows read back', async (_name, encode, encoding, d, iso) => {
    const bytes = encode(day(d)([...titleBlock('\t', true), ...exportTable('\t')]));
    const preview = await post('/api/borderouri/preview?name=borderou.txt', bytes);
    expect(preview.status).toBe(200);
    const checked = (await preview.json()) as { encoding: string; delimiter: string; entries: Array<{ line: number }>; errors: unknown[] };
    expect(checked).toMatchObject({ encoding, delimiter: '\t', errors: [] });
    expect(checked.entries.map((e) => e.line)).toEqual([10, 11]);

    const response = await post('/api/borderouri', bytes);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ date: iso, entries: 2, encoding, delimiter: '\t' });
    const view = (await (await t.request('GET', `/api/borderouri?date=${iso}`)).json()) as { entries: Array<{ registrationNumber: string; department: string }> };
    expect(view.entries.map((e) => [e.registrationNumber, e.department])).toEqual([
      [`84512/${d}`, 'Direcția Urbanism'],
      [`84513/${d}`, 'Serviciul Stare Civilă'],
    ]);
  });
});
