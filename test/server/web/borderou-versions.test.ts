/**
 * The Borderou page's list of the day's versions in real headless Chromium against the real server
 * on loopback: when the day changes before the answer about the day before it has come (the page's
 * first day, then the day the clerk picks; a day picked and changed at once), only the answer about
 * the day asked last is drawn — an older answer let through late (held at the browser's door with
 * page.route, no waiting on the clock) leaves the list and its title as they are.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../../server/src/routes/web-routes.ts';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { ARTIFACTS, launchChromium } from '../../support/ui-harness.ts';
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

let browser: Browser;
let t: TestApp;
let password: string;

beforeAll(async () => {
  if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) execFileSync('npm', ['run', 'build:server-web'], { stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
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
  await browser?.close();
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
  await countAnswersRead(page);
  // the versions of the page's first day (today, none), asked as it opens: their answer waits
  const opening = await holdFirstAnswer(page, (u) => u.pathname === VERSIONS_PATH);
  await page.goto(`${t.base}/`);
  await page.getByLabel('Nume de utilizator').fill('vlad');
  await page.getByLabel('Parola').fill(password);
  await page.getByRole('button', { name: 'Intră' }).click();
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
