/**
 * The registry's login page and what a login opens, in real headless Chromium against the real server
 * on loopback (both engines): the first admin (created with the CLI) logs in after a wrong password
 * refused in Romanian, under a Content-Security-Policy the page keeps, and reaches every page; a raport
 * user sees only its page and cannot upload from it through the API, nor change anything without the
 * CSRF token; five wrong passwords lock the name at that computer, even for the right one.
 * Screenshots in test-artifacts/.
 */
import { expect, it } from 'vitest';
import { describeRegistryEngines, logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';

const chromium = useRegistryBrowser();

describeRegistryEngines('registry login page', { users: { ana: 'admin', maria: 'raport' } }, (registry) => {
  it('the first admin logs in (a wrong password is refused in Romanian) and sees every page', async () => {
    const page = await newRegistryPage(chromium.browser);
    const refused: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text()); });
    const response = await page.goto(`${registry.server.base}/`);
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
    await registryShot(page, 'login-wrong-password', registry.engine);
    await page.getByLabel('Parola').fill(registry.passwords.ana!);
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

  it('a raport user has no Borderou page and cannot upload through the API from the page either; a request without the CSRF token is refused', async () => {
    const page = await newRegistryPage(chromium.browser);
    await logIn(page, registry.server.base, 'maria', registry.passwords.maria!);
    const nav = page.getByRole('navigation', { name: 'Pagini' });
    await nav.getByRole('link', { name: 'Raport săptămânal' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Raport săptămânal']);
    await page.goto(`${registry.server.base}/#/borderou`);
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
    const page = await newRegistryPage(chromium.browser);
    await page.goto(`${registry.server.base}/`);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Nume de utilizator').fill('ana');
      await page.getByLabel('Parola').fill(`gresit-${i}`);
      await page.getByRole('button', { name: 'Intră' }).click();
      // this attempt's answer (the alert of the attempt before says the same): the page empties the password field when it comes
      await expect.poll(() => page.getByLabel('Parola').inputValue()).toBe('');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Numele de utilizator sau parola nu sunt corecte.');
      await expect.poll(() => page.getByRole('button', { name: 'Intră' }).isEnabled()).toBe(true);
    }
    await page.getByLabel('Parola').fill(registry.passwords.ana!);
    await page.getByRole('button', { name: 'Intră' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Prea multe încercări de autentificare nereușite\./);
    await registryShot(page, 'login-locked', registry.engine);
    await page.close();
  });
});
