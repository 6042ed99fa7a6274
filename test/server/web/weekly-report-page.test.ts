/**
 * The Raport săptămânal page in real headless Chromium against the real server on loopback (both
 * engines), over a day's borderou and a station's report: a table per week titled as the office does,
 * the chart drawn, the figures per department, the PDF downloaded from the page; and the period the
 * clerk asked stays when the weeks the page asks as it opens are answered after it.
 * Screenshots in test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { describeRegistryEngines, logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';
import { batchReport, doc, tempDir, type TestApp } from '../helpers/test-app.ts';

const chromium = useRegistryBrowser();

/** 27.09.2021: 3 documents, 6 sheets registered; 3 processed (5 sheets, 7 pages), one not on the borderou. */
async function borderouAndReport(server: TestApp): Promise<void> {
  const token = await server.addStation('ghiseu-1');
  const csv = ['numar_inregistrare;structura;nr_file', '84512/27.09.2021;Direcția Urbanism;2', '84513/27.09.2021;Serviciul Impozite și Taxe Locale;1', '84514/27.09.2021;Cabinet Primar;3', ''].join('\r\n');
  expect((await server.request('POST', '/api/borderouri?date=2021-09-27', { body: csv, contentType: 'text/csv' })).status).toBe(201);
  const report = batchReport('ghiseu-1', 'lot-1', { documents: [doc('84512/27.09.2021', 2, 3), doc('84513/27.09.2021', 2, 3), doc('99999/27.09.2021', 1, 1)] });
  expect((await server.request('POST', '/api/batches', { token, json: report })).status).toBe(201);
}

describeRegistryEngines('registry weekly report page', { users: { maria: 'raport' }, seed: borderouAndReport }, (registry) => {
  it('Raport săptămânal: table per week titled as the office does, the chart drawn, the PDF downloaded from the page', async () => {
    const page = await newRegistryPage(chromium.browser, { viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    await logIn(page, registry.server.base, 'maria', registry.passwords.maria!);
    await page.getByRole('heading', { name: 'Raport săptămânal' }).waitFor();
    // the page asks for its default weeks as it opens and draws whichever answer comes last: that answer
    // drawn first (the weeks' table), so it cannot come after the period asked below and replace it
    await page.getByRole('table', { name: 'Scanare documente, pe săptămâni' }).waitFor();
    await page.getByLabel('De la').fill('2021-09-20');
    await page.getByLabel('Până la').fill('2021-10-10');
    await page.getByRole('button', { name: 'Arată' }).click();
    // the weeks' own table (the chart's legend, drawn after it, is a table too and can name the week), its row once drawn with its figures
    const week = page.getByRole('table', { name: 'Scanare documente, pe săptămâni' }).getByRole('row').filter({ hasText: '27 SEPTEMBRIE - 01 OCTOMBRIE 2021' });
    await expect.poll(async () => (await week.getByRole('cell').allTextContents()).slice(0, 5)).toEqual(['3', '6', '3', '5', '7']);
    const canvas = page.locator('.chart canvas');
    await canvas.waitFor();
    const inked = () => canvas.evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    await expect.poll(inked).toBeGreaterThan(500); // drawn once the chart has run its frame
    await page.getByText('27 SEPTEMBRIE - 01 OCTOMBRIE 2021: pe structuri și pe stații').click();
    const cabinet = page.getByRole('row').filter({ hasText: 'Cabinet Primar' });
    await expect.poll(() => cabinet.getByRole('cell').allTextContents()).toEqual(['Cabinet Primar', '1', '3', '0', '0', '0']);
    await registryShot(page, 'weekly-report', registry.engine);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'PDF pentru 27 SEPTEMBRIE - 01 OCTOMBRIE 2021' }).click(),
    ]);
    const file = path.join(tempDir('pdf-'), 'raport.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('27 SEPTEMBRIE - 01 OCTOMBRIE 2021');
    expect(text).toContain('Nr. documente înregistrate 3');
    expect(text).toContain('Nr. documente procesate 3');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });

  it('Raport săptămânal keeps the period asked: the weeks the page asks as it opens, answered last, do not replace it', async () => {
    const page = await newRegistryPage(chromium.browser, { viewport: { width: 1280, height: 1000 } });
    await countAnswersRead(page);
    const opening = await holdFirstAnswer(page, (u) => u.pathname === '/api/reports/weekly');
    await logIn(page, registry.server.base, 'maria', registry.passwords.maria!);
    await opening.held; // the page's default weeks, asked as it opens: their answer waits
    await page.getByLabel('De la').fill('2021-09-20');
    await page.getByLabel('Până la').fill('2021-10-10');
    await page.getByRole('button', { name: 'Arată' }).click();
    const week = page.getByRole('table', { name: 'Scanare documente, pe săptămâni' }).getByRole('row').filter({ hasText: '27 SEPTEMBRIE - 01 OCTOMBRIE 2021' });
    await week.waitFor();
    await opening.release();
    await expect.poll(() => answersRead(page, '/api/reports/weekly')).toBe(2); // the late answer read, and whatever the page does with it drawn
    expect(await week.count()).toBe(1);
    expect(await page.getByLabel('De la').inputValue()).toBe('2021-09-20');
    await page.close();
  });
});
