/**
 * Every page of the registry's web app walked with the keyboard in real headless Chromium: Tab
 * from the top reaches every visible control, and each one has an accessible name (Chromium's own
 * accessibility tree) in plain Romanian with comma-below ș ț, as is every line of text on the page.
 * The pages hold data (a station, a borderou, a batch report, a second user) so their row buttons
 * and filters are there to reach.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyboardWalkProblems } from '../../support/accessibility.ts';
import { answersRead, countAnswersRead } from '../../support/page-answers.ts';
import { newRegistryPage, useRegistryBrowser } from '../../support/registry-browser.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';
import { batchReport, doc, registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser } from '../helpers/web-users.ts';

const DAY = '2021-09-27';
const chromium = useRegistryBrowser();
let t: TestApp;
let password: string;

beforeAll(async () => {
  const dir = await registryPlace('sqlite');
  password = await addUser(dir, 'ana', 'admin');
  await addUser(dir, 'maria', 'raport');
  t = await startTestApp({}, dir);
  const token = await t.addStation('ghiseu-1');
  const csv = ['numar_inregistrare;structura;nr_file', '84512/27.09.2021;Direcția Urbanism;2', '84513/27.09.2021;Cabinet Primar;1', ''].join('\r\n');
  expect((await t.request('POST', `/api/borderouri?date=${DAY}`, { body: csv, contentType: 'text/csv' })).status).toBe(201);
  const report = batchReport('ghiseu-1', 'lot-1', { documents: [doc('84512/27.09.2021', 2, 3), doc('99999/27.09.2021', 1, 1)] });
  expect((await t.request('POST', '/api/batches', { token, json: report })).status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

async function walk(page: Page, name: string): Promise<string[]> {
  const { controls, problems } = await keyboardWalkProblems(page);
  await page.screenshot({ path: path.join(ARTIFACTS, `registry-keyboard-${name}.png`), fullPage: true });
  expect(controls.length).toBeGreaterThan(0);
  return problems.map((p) => `${name}: ${p}`);
}

describe('the registry pages with the keyboard, in Romanian', () => {
  it('the login page and every page of an admin: each control reached by Tab and named in Romanian', async () => {
    const page = await newRegistryPage(chromium.browser);
    await countAnswersRead(page);
    await page.goto(`${t.base}/`);
    await page.getByRole('heading', { name: 'Registratura — autentificare' }).waitFor();
    const problems = await walk(page, 'autentificare');
    // logging in with the keyboard alone
    await page.getByLabel('Nume de utilizator').focus();
    await page.keyboard.type('ana');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    const nav = page.getByRole('navigation', { name: 'Pagini' });
    await nav.getByRole('link', { name: 'Reconciliere' }).waitFor();
    for (const [link, id, heading] of [['Reconciliere', 'reconciliere', /^Reconciliere — /], ['Borderou', 'borderou', 'Borderou'], ['Raport săptămânal', 'raport', 'Raport săptămânal'], ['Stații', 'statii', 'Stații de scanare'], ['Utilizatori', 'utilizatori', 'Utilizatori'], ['Jurnal de audit', 'audit', 'Jurnal de audit']] as const) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor(); // this page's (the page before has a heading too)
      if (id === 'reconciliere') {
        await page.getByLabel('Ziua').fill(DAY);
        await page.getByRole('row').filter({ hasText: '99999/27.09.2021' }).waitFor();
      }
      if (id === 'raport') await page.getByRole('table', { name: 'Scanare documente, pe săptămâni' }).waitFor(); // the weeks, asked as the page opens
      if (id === 'statii') await page.getByRole('cell', { name: 'ghiseu-1', exact: true }).waitFor();
      if (id === 'utilizatori') await page.getByRole('cell', { name: 'maria', exact: true }).first().waitFor();
      if (id === 'audit') await page.getByRole('cell', { name: 'Borderou încărcat' }).first().waitFor();
      if (id === 'borderou') {
        // the page asks for today's versions as it opens and draws whichever answer comes last: that one read first,
        // so it cannot come after the day's and leave its table empty
        await expect.poll(() => answersRead(page, '/api/borderouri')).toBe(1);
        await page.getByLabel('Ziua borderoului').fill(DAY);
        await page.getByRole('heading', { name: 'Versiunile borderoului zilei 27.09.2021' }).waitFor();
        await page.getByRole('cell', { name: 'UTF-8', exact: true }).waitFor();
      }
      problems.push(...await walk(page, id));
    }
    expect(problems).toEqual([]);
    await page.close();
  }, 180_000);
});
