/**
 * The registry's web app in real headless Chromium against the real server on loopback: the first
 * admin (created with the CLI) logs in, a wrong password, a lockout, a Windows-1250 borderou with a
 * bad row shown before anything is saved, the reconciliation page changing without a reload when a
 * station report arrives, the weekly report's chart, the PDF downloaded from the page, and the
 * limits of the raport role in the page and through the API, and the audit log saying in Romanian
 * what locked a refused login (a name guessed from many computers). Screenshots in test-artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../../server/src/routes/web-routes.ts';
import { answersRead, countAnswersRead, holdFirstAnswer } from '../../support/page-answers.ts';
import { ARTIFACTS, launchChromium } from '../../support/ui-harness.ts';
import { batchReport, doc, registryPlace, startTestApp, tempDir, type TestApp } from '../helpers/test-app.ts';
import { describeEngines, type TestEngine } from '../../support/postgres.ts';
import { addUser } from '../helpers/web-users.ts';

const DAY = '2021-09-27';
let browser: Browser;
let t: TestApp;
let stationToken: string;
let engineNow: TestEngine = 'sqlite';
const passwords: Record<string, string> = {};

/** As Romanian Windows writes it: Windows-1250 has only the cedilla ş ţ, which the server turns into ș ț. */
function windows1250(lines: string[]): Buffer {
  const text = `${lines.join('\r\n')}\r\n`.replace(/ș/g, 'ş').replace(/ț/g, 'ţ').replace(/Ș/g, 'Ş').replace(/Ț/g, 'Ţ');
  return iconv.encode(text, 'windows-1250');
}

async function shot(page: Page, name: string): Promise<void> {
  const suffix = engineNow === 'sqlite' ? '' : `-${engineNow}`;
  await page.screenshot({ path: path.join(ARTIFACTS, `registry-${name}${suffix}.png`), fullPage: true });
}

/** A login from another computer: a loopback address of its own (127.0.0.x) as the socket's; the answer's status. */
function loginFrom(localAddress: string, name: string, password: string): Promise<number> {
  const body = JSON.stringify({ name, password });
  return new Promise((resolve, reject) => {
    const req = request(`${t.base}/api/session`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function logIn(page: Page, name: string, password: string): Promise<void> {
  await page.goto(`${t.base}/`);
  await page.getByLabel('Nume de utilizator').fill(name);
  await page.getByLabel('Parola').fill(password);
  await page.getByRole('button', { name: 'Intră' }).click();
}

beforeAll(async () => {
  if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) {
    execFileSync('npm', ['run', 'build:server-web'], { stdio: 'inherit' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describeEngines('registratura in the browser', (engine) => {
  beforeAll(async () => {
    engineNow = engine;
    const dir = await registryPlace(engine);
    passwords.ana = await addUser(dir, 'ana', 'admin');
    passwords.maria = await addUser(dir, 'maria', 'raport');
    passwords.vlad = await addUser(dir, 'vlad', 'registratura');
    t = await startTestApp({}, dir);
    stationToken = await t.addStation('ghiseu-1');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('the first admin logs in (a wrong password is refused in Romanian) and sees every page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    const refused: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
    const response = await page.goto(`${t.base}/`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[^']+'(;|$)/);
    // It would send every asset to https:// on the office network, where the server speaks plain HTTP.
    expect(csp).not.toContain('upgrade-insecure-requests');
    await page.getByRole('heading', { name: 'Registratura — autentificare' }).waitFor();
    await page.getByLabel('Nume de utilizator').fill('ana');
    await page.getByLabel('Parola').fill('parola-gresita');
    await page.getByRole('button', { name: 'Intră' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Numele de utilizator sau parola nu sunt corecte.');
    await shot(page, 'login-wrong-password');
    await page.getByLabel('Parola').fill(passwords.ana!);
    await page.getByRole('button', { name: 'Intră' }).click();
    const nav = page.getByRole('navigation', { name: 'Pagini' });
    await nav.getByRole('link', { name: 'Reconciliere' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Reconciliere', 'Borderou', 'Raport săptămânal', 'Stații', 'Utilizatori', 'Jurnal de audit']);
    // each page's own heading (the page before has one too), so each page is shown before the next is asked
    for (const [link, heading] of [['Raport săptămânal', 'Raport săptămânal'], ['Stații', 'Stații de scanare'], ['Utilizatori', 'Utilizatori'], ['Jurnal de audit', 'Jurnal de audit'], ['Borderou', 'Borderou']]) {
      await nav.getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    }
    expect(refused).toEqual([]);
    await page.close();
  });

  it('a Windows-1250 borderou: a bad row is shown with its line before anything is saved; the good file is saved as a version', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await logIn(page, 'vlad', passwords.vlad!);
    await page.getByRole('link', { name: 'Borderou' }).click();
    await page.getByLabel('Ziua borderoului').fill(DAY);
    const header = 'numar_inregistrare;structura;nr_file;data;observatii';
    await page.getByLabel(/Fișierul CSV/).setInputFiles({
      name: 'borderou-greșit.csv', mimeType: 'text/csv',
      buffer: windows1250([header, '84512/27.09.2021;Direcția Urbanism;2;;', 'fără-număr;Serviciul Impozite și Taxe Locale;1;;', '84514/27.09.2021;Cabinet Primar;x;;']),
    });
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const problems = await summary.getByRole('listitem').allTextContents();
    expect(problems.length).toBe(2);
    expect(problems[0]).toMatch(/^Rândul 3/);
    expect(problems[1]).toMatch(/^Rândul 4 \(nr_file\)/);
    await expect.poll(() => page.getByText('Codare Windows-1250').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Salvează borderoul/ }).isDisabled()).toBe(true);
    await shot(page, 'borderou-bad-row');
    expect((await t.request('GET', `/api/borderouri?date=${DAY}`)).status).toBe(404);

    await page.getByLabel(/Fișierul CSV/).setInputFiles({
      name: 'borderou.csv', mimeType: 'text/csv',
      buffer: windows1250([header, '84512/27.09.2021;Direcția Urbanism;2;;', '84513/27.09.2021;Serviciul Impozite și Taxe Locale;1;;', '84514/27.09.2021;Cabinet Primar;3;;']),
    });
    await page.getByRole('cell', { name: 'Serviciul Impozite și Taxe Locale' }).waitFor();
    await page.getByRole('button', { name: 'Salvează borderoul zilei 27.09.2021' }).click();
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 a fost salvat: versiunea 1, 3 documente.').waitFor();
    await page.getByRole('cell', { name: 'vlad', exact: true }).waitFor();
    await shot(page, 'borderou-saved');
    await page.close();
  });

  it('Reconciliere changes without a reload when a station report arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'ro-RO' });
    // the page asks again every 3 s: the test moves the page's clock on instead of waiting for it
    await page.clock.install();
    await logIn(page, 'vlad', passwords.vlad!);
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
    await shot(page, 'reconciliation');

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
    await shot(page, 'reconciliation-corrected');
    await page.close();
  });

  it('Raport săptămânal: table per week titled as the office does, the chart drawn, the PDF downloaded from the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ro-RO', acceptDownloads: true });
    await logIn(page, 'maria', passwords.maria!);
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
    await shot(page, 'weekly-report');

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
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ro-RO' });
    await countAnswersRead(page);
    const opening = await holdFirstAnswer(page, (u) => u.pathname === '/api/reports/weekly');
    await logIn(page, 'maria', passwords.maria!);
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

  it('a raport user has no Borderou page and cannot upload through the API from the page either; a request without the CSRF token is refused', async () => {
    const page = await browser.newPage({ locale: 'ro-RO' });
    await logIn(page, 'maria', passwords.maria!);
    const nav = page.getByRole('navigation', { name: 'Pagini' });
    await nav.getByRole('link', { name: 'Raport săptămânal' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Raport săptămânal']);
    await page.goto(`${t.base}/#/borderou`);
    await page.getByRole('heading', { name: 'Raport săptămânal' }).waitFor();
    const csrf = await page.evaluate(async () => ((await (await fetch('/api/session')).json()) as { csrfToken: string }).csrfToken);
    const upload = await page.evaluate(async (token) => {
      const r = await fetch('/api/borderouri?date=2021-09-28', {
        method: 'POST', headers: { 'content-type': 'text/csv', 'x-csrf-token': token }, body: 'numar_inregistrare;structura\r\n1/28.09.2021;X\r\n',
      });
      return { status: r.status, body: await r.json() };
    }, csrf);
    expect(upload).toEqual({ status: 403, body: { error: { code: 'FORBIDDEN', message: 'Operațiune permisă doar administratorului și registraturii.' } } });
    const noCsrf = await page.evaluate(async () => (await fetch('/api/reports/weekly/close', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ week: '2021-09-27' }),
    })).status);
    expect(noCsrf).toBe(403);
    await page.close();
  });

  it('after 5 wrong passwords the page says the account is locked, even for the right one', async () => {
    const page = await browser.newPage({ locale: 'ro-RO' });
    await page.goto(`${t.base}/`);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Nume de utilizator').fill('ana');
      await page.getByLabel('Parola').fill(`gresit-${i}`);
      await page.getByRole('button', { name: 'Intră' }).click();
      // this attempt's answer (the alert of the attempt before says the same): the page empties the password field when it comes
      await expect.poll(() => page.getByLabel('Parola').inputValue()).toBe('');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Numele de utilizator sau parola nu sunt corecte.');
      await expect.poll(() => page.getByRole('button', { name: 'Intră' }).isEnabled()).toBe(true);
    }
    await page.getByLabel('Parola').fill(passwords.ana!);
    await page.getByRole('button', { name: 'Intră' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Prea multe încercări de autentificare nereușite\./);
    await shot(page, 'login-locked');
    await page.close();
  });

  it('Stații and Jurnal de audit for the admin', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    // ana is locked out by the previous test: a second admin.
    const password = await addUser(t.place, 'ioana', 'admin');
    await logIn(page, 'ioana', password);
    await page.getByRole('link', { name: 'Stații' }).click();
    await page.getByRole('cell', { name: 'ghiseu-1', exact: true }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Token nou pentru ghiseu-1' }).click();
    await page.getByText(/^sst_/).waitFor();
    await shot(page, 'stations');
    await page.getByRole('link', { name: 'Utilizatori' }).click();
    await page.getByLabel(/^Nume de utilizator/).fill('elena');
    await page.getByLabel('Rol', { exact: true }).selectOption('raport');
    await page.getByRole('button', { name: 'Creează utilizatorul' }).click();
    const shown = page.getByRole('status').locator('code');
    await shown.waitFor();
    const elenaPassword = (await shown.textContent())!;
    expect(elenaPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await page.getByRole('button', { name: 'Dezactivează ioana' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Nu vă puteți dezactiva propriul cont.');
    await shot(page, 'users');
    const elena = await browser.newPage({ locale: 'ro-RO' });
    await elena.goto(`${t.base}/`);
    await elena.getByLabel('Nume de utilizator').fill('elena');
    await elena.getByLabel('Parola').fill(elenaPassword);
    await elena.getByRole('button', { name: 'Intră' }).click();
    await elena.getByRole('heading', { name: 'Raport săptămânal' }).waitFor();
    await elena.close();
    await page.getByRole('link', { name: 'Jurnal de audit' }).click();
    await page.getByRole('cell', { name: 'Token nou pentru stație' }).waitFor();
    await page.getByRole('cell', { name: 'Borderou încărcat' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Autentificare eșuată' }).count()).toBeGreaterThan(0);
    // the previous test's refused login, with what locked it in Romanian
    await page.getByRole('cell', { name: 'blocat: numele, la această adresă' }).first().waitFor();
    // a guess at radu's password from 15 computers, one wrong password each, locks the name where
    // radu has not logged in within 30 days: refused at a 16th, not at radu's own (127.0.0.1)
    const radu = await addUser(t.place, 'radu', 'registratura');
    expect(await loginFrom('127.0.0.1', 'radu', radu)).toBe(200);
    for (let i = 2; i <= 16; i++) expect(await loginFrom(`127.0.0.${i}`, 'radu', `gresit-${i}`)).toBe(401);
    expect(await loginFrom('127.0.0.17', 'radu', radu)).toBe(429);
    expect(await loginFrom('127.0.0.1', 'radu', radu)).toBe(200);
    await page.reload();
    const nameWide = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'radu', exact: true }) })
      .filter({ hasText: 'Autentificare refuzată' });
    await nameWide.waitFor();
    expect((await nameWide.getByRole('cell').allTextContents()).slice(1)).toEqual([
      'neautentificat', 'Autentificare refuzată (prea multe încercări)', 'radu', '127.0.0.17',
      'blocat: numele, la adresele de unde nu s-a autentificat în ultimele 30 de zile',
    ]);
    await page.getByRole('cell', { name: 'Utilizator creat' }).first().waitFor();
    await shot(page, 'audit');
    await page.close();
  });
});
