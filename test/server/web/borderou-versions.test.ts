/**
 * The Borderou page's list of the day's versions in real headless Chromium against the real server
 * on loopback: when the day changes before the answer about the day before it has come (the page's
 * first day, then the day the clerk picks; a day picked and changed at once), only the answer about
 * the day asked last is drawn — an older answer let through late (held at the browser's door with
 * page.route, no waiting on the clock) leaves the list and its title as they are. And from the moment
 * another day is picked, the day before's versions are gone: the page says it is asking for the new
 * day's (a status, the list marked busy) until they come, or says why they could not be read.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { logIn, newRegistryPage, useRegistryBrowser } from '../../support/registry-browser.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser } from '../helpers/web-users.ts';

const HEADER = 'numar_inregistrare;structura;nr_file;data;observatii';
/** 4 October 2021: two versions (3 documents, then 2); 5 October: one (1 document). */
const UPLOADS: Array<[day: string, rows: string[]]> = [
  ['2021-10-04', ['84512/04.10.2021;Direcția Urbanism;2;;', '84513/04.10.2021;Serviciul Impozite și Taxe Locale;1;;', '84514/04.10.2021;Cabinet Primar;3;;']],
  ['2021-10-04', ['84512/04.10.2021;Direcția Urbanism;2;;', '84513/04.10.2021;Serviciul Impozite și Taxe Locale;1;;']],
  ['2021-10-05', ['90001/05.10.2021;Direcția Economică;4;;']],
];
const VERSIONS_PATH = '/api/borderouri';

const chromium = useRegistryBrowser();
let t: TestApp;
let password: string;

beforeAll(async () => {
  const dir = await registryPlace('sqlite');
  password = await addUser(dir, 'vlad', 'registratura');
  t = await startTestApp({}, dir);
  for (const [day, rows] of UPLOADS) {
    const csv = [HEADER, ...rows].join('\r\n');
    expect((await t.request('POST', `/api/borderouri?date=${day}`, { body: csv, contentType: 'text/csv' })).status).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
});

/** What the clerk reads under «Versiunile borderoului zilei …»: the title, and each version's number and documents. */
async function versionsShown(page: Page): Promise<{ title: string | null; versions: string[][] }> {
  const title = await page.getByRole('heading', { name: /^Versiunile borderoului zilei/ }).textContent();
  const versions: string[][] = [];
  for (const row of await page.getByRole('table').getByRole('row').all()) {
    const cells = await row.getByRole('cell').allTextContents();
    if (cells.length > 0) versions.push([cells[0]!, cells[3]!]);
  }
  return { title, versions };
}

const OCT_4 = { title: 'Versiunile borderoului zilei 04.10.2021', versions: [['1', '3'], ['2', '2']] };

it('the versions shown are the day asked last: the page\'s first day, or a day picked before it, answered late, does not replace them', async () => {
  const page = await newRegistryPage(chromium.browser);
  await countAnswersRead(page);
  // the versions of the page's first day (today, none), asked as it opens: their answer waits
  const opening = await holdFirstAnswer(page, (u) => u.pathname === VERSIONS_PATH);
  await logIn(page, t.base, 'vlad', password);
  await page.getByRole('link', { name: 'Borderou' }).click();
  await opening.held;
  await page.getByLabel('Ziua borderoului').fill('2021-10-04');
  await expect.poll(() => versionsShown(page)).toEqual(OCT_4);
  await opening.release();
  // the page's code has read the late answer (a 404: no borderou today) and drawn whatever it does with it
  await expect.poll(() => answersRead(page, VERSIONS_PATH)).toBe(2);
  expect(await versionsShown(page)).toEqual(OCT_4);

  // 5 October picked, then 4 October again before 5 October's answer came: it comes last
  const fifth = await holdFirstAnswer(page, (u) => u.pathname === VERSIONS_PATH && u.searchParams.get('date') === '2021-10-05');
  await page.getByLabel('Ziua borderoului').fill('2021-10-05');
  await fifth.held;
  await page.getByLabel('Ziua borderoului').fill('2021-10-04');
  await expect.poll(() => answersRead(page, VERSIONS_PATH)).toBe(3);
  await fifth.release();
  await expect.poll(() => answersRead(page, VERSIONS_PATH)).toBe(4);
  expect(await versionsShown(page)).toEqual(OCT_4);
  await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-versions.png'), fullPage: true });
  await page.close();
});

it('another day picked: the day before\'s versions go at once, the page says it is loading the new day\'s, or why they could not be read', async () => {
  const page = await newRegistryPage(chromium.browser);
  await countAnswersRead(page);
  await logIn(page, t.base, 'vlad', password);
  await page.getByRole('link', { name: 'Borderou' }).click();
  await expect.poll(() => answersRead(page, VERSIONS_PATH)).toBe(1); // the page's first day's (today, none)
  // the versions' part as assistive tech is told of it: busy while the day's answer is awaited
  const busy = () => page.locator('#borderou-versions').evaluateAll((parts) => parts.map((p) => p.getAttribute('aria-busy')));
  const loadingSaid = () => page.getByRole('status').filter({ hasText: /^Se încarcă/ }).allTextContents();
  await page.getByLabel('Ziua borderoului').fill('2021-10-04');
  await expect.poll(() => versionsShown(page)).toEqual(OCT_4);
  expect(await loadingSaid()).toEqual([]);

  // 5 October picked, its answer held: 4 October's versions are not shown under its title while it waits
  const fifth = await holdFirstAnswer(page, (u) => u.pathname === VERSIONS_PATH && u.searchParams.get('date') === '2021-10-05');
  await page.getByLabel('Ziua borderoului').fill('2021-10-05');
  await fifth.held;
  expect(await versionsShown(page)).toEqual({ title: 'Versiunile borderoului zilei 05.10.2021', versions: [] });
  expect(await page.getByText('Nu există borderou pentru această zi.').count()).toBe(0); // nor is it said there is none
  expect(await loadingSaid()).toEqual(['Se încarcă borderourile din 05.10.2021…']);
  expect(await busy()).toEqual(['true']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-versions-loading.png'), fullPage: true });
  await fifth.release();
  await expect.poll(() => versionsShown(page)).toEqual({ title: 'Versiunile borderoului zilei 05.10.2021', versions: [['1', '1']] });
  expect(await loadingSaid()).toEqual([]);
  expect(await busy()).toEqual(['false']);

  // 4 October again, then 6 October, whose question never reaches the registry: its error in place of 4 October's versions
  await page.getByLabel('Ziua borderoului').fill('2021-10-04');
  await expect.poll(() => versionsShown(page)).toEqual(OCT_4);
  await page.route((u) => u.pathname === VERSIONS_PATH && u.searchParams.get('date') === '2021-10-06', (route) => route.abort('connectionrefused'));
  await page.getByLabel('Ziua borderoului').fill('2021-10-06');
  const failed = page.getByRole('alert').filter({ hasText: 'Versiunile borderoului zilei 06.10.2021 nu au putut fi citite' });
  await failed.waitFor();
  expect(await failed.textContent()).toBe('Versiunile borderoului zilei 06.10.2021 nu au putut fi citite: Serverul registraturii nu răspunde. Verificați conexiunea și încercați din nou.');
  expect(await versionsShown(page)).toEqual({ title: 'Versiunile borderoului zilei 06.10.2021', versions: [] });
  expect(await loadingSaid()).toEqual([]);
  expect(await busy()).toEqual(['false']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-versions-error.png'), fullPage: true });
  await page.close();
});
