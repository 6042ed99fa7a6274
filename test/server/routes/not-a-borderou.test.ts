/**
 * The registry's borderou upload and preview given a Word document or a PDF: 415 NOT_A_BORDEROU
 * saying what the file is (named when `?name=` gives its name), and nothing stored. Real DOCX made by
 * the `docx` library, real PDF by pdf-lib; real HTTP on loopback, both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { pdfDocument, wordDocx } from '../../support/office-files.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const EXPECTED = 'nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.';
type ErrorBody = { error: { code: string; message: string } };

describeEngines('a borderou that is not a spreadsheet', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  const post = async (url: string, bytes: Uint8Array): Promise<{ status: number; body: ErrorBody }> => {
    const response = await t.request('POST', url, { body: bytes, contentType: 'text/csv' });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };

  it('upload of a Word document named by ?name=: 415, named, nothing stored', async () => {
    const docx = await wordDocx('84512/27.09.2021;Urbanism');
    const named = await post(`/api/borderouri?date=2021-09-27&name=${encodeURIComponent('borderou 27.09.xlsx')}`, docx);
    expect(named).toEqual({ status: 415, body: { error: { code: 'NOT_A_BORDEROU', message: `„borderou 27.09.xlsx” este un document Word, ${EXPECTED}` } } });
    const unnamed = await post('/api/borderouri?date=2021-09-27', docx);
    expect(unnamed).toEqual({ status: 415, body: { error: { code: 'NOT_A_BORDEROU', message: `Fișierul este un document Word, ${EXPECTED}` } } });
    expect((await t.request('GET', '/api/borderouri?date=2021-09-27')).status).toBe(404);
  });

  it('preview of a PDF: 415 naming it', async () => {
    const pdf = await pdfDocument();
    expect(await post(`/api/borderouri/preview?name=${encodeURIComponent('scanare registratură.pdf')}`, pdf)).toEqual({
      status: 415, body: { error: { code: 'NOT_A_BORDEROU', message: `„scanare registratură.pdf” este un document PDF, ${EXPECTED}` } },
    });
  });
});
