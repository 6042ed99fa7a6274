/**
 * The Reconciliere page in real headless Chromium against the real server on loopback (both engines):
 * a station's report, and then its correction (version 2), change the figures and rows without a
 * reload (the page's own clock moved on, no waiting). Screenshots in test-artifacts/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';
import { batchReport, doc, registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser } from '../helpers/web-users.ts';

const chromium = useRegistryBrowser();
let t: TestApp;
let stationToken: string;
const passwords: Record<string, string> = {};
const DAY = '2021-09-27';

describeEngines('registry reconciliation page', (engine) => {
  beforeAll(async () => {
    const dir = await registryPlace(engine);
    passwords.vlad = await addUser(dir, 'vlad', 'registratura');
    t = await startTestApp({}, dir);
    stationToken = await t.addStation('ghiseu-1');
    const csv = ['numar_inregistrare;structura;nr_file', '84512/27.09.2021;Direcția Urbanism;2', '84513/27.09.2021;Serviciul Impozite și Taxe Locale;1', '84514/27.09.2021;Cabinet Primar;3', ''].join('\r\n');
    expect((await t.request('POST', `/api/borderouri?date=${DAY}`, { body: csv, contentType: 'text/csv' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Reconciliere changes without a reload when a station report arrives', async () => {
    const page = await newRegistryPage(chromium.browser, { viewport: { width: 1400, height: 900 } });
    // the page asks again every 3 s: the test moves the page's clock on instead of waiting for it
    await page.clock.install();
    await logIn(page, t.base, 'vlad', passwords.vlad!);
    await page.getByRole('heading', { name: /^Reconciliere/ }).waitFor();
    await page.getByLabel('Ziua').fill(DAY);
    const scanned = page.locator('[data-figure="scanned"]');
    const missing = page.locator('[data-figure="missing"]');
    await expect.poll(() => missing.textContent()).toBe('3');
    expect(await scanned.textContent()).toBe('0');
    await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });

    const sent = await t.request('POST', '/api/batches', { token: stationToken, json: batchReport('ghiseu-1', 'lot-1', {
      documents: [doc('84512/27.09.2021', 2, 3), doc('84513/27.09.2021', 2, 3), doc('99999/27.09.2021', 1, 1)],
    }) });
    expect(sent.status).toBe(201);
    await page.clock.fastForward(3000);
    await expect.poll(() => scanned.textContent()).toBe('3');
    expect(await missing.textContent()).toBe('1');
    expect(await page.locator('[data-figure="unexpected"]').textContent()).toBe('1');
    expect(await page.locator('[data-figure="sheet-mismatch"]').textContent()).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const row = page.getByRole('row').filter({ hasText: '99999/27.09.2021' });
    expect(await row.textContent()).toContain('ghiseu-1');
    expect(await row.textContent()).toContain('lot-1');
    expect(await row.textContent()).toContain('neașteptat');
    await registryShot(page, 'reconciliation', engine);

    // the station corrects the batch (version 2: the PDF of 99999 rewritten, same counts): the page shows the version
    const v2 = batchReport('ghiseu-1', 'lot-1', {
      version: 2, documents: [doc('84512/27.09.2021', 2, 3), doc('84513/27.09.2021', 2, 3), doc('99999/27.09.2021', 1, 1)],
    });
    const corrected = await t.request('POST', '/api/batches', { token: stationToken, json: v2 });
    expect(corrected.status).toBe(201);
    await page.clock.fastForward(3000);
    const newHash = v2.documents[2]!.sha256!;
    await expect.poll(() => page.getByRole('row').filter({ hasText: '99999/27.09.2021' }).textContent()).toContain(newHash);
    expect(await page.getByRole('row').filter({ hasText: '99999/27.09.2021' }).textContent()).toContain('lot-1 (versiunea 2, corectat)');
    expect(await scanned.textContent()).toBe('3');
    await registryShot(page, 'reconciliation-corrected', engine);
    await page.close();
  });
});
