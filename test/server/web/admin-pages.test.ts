/**
 * The admin's pages in real headless Chromium against the real server on loopback (both engines):
 * Stații (a new token for a station), Utilizatori (a user created, its one-time password, one's own
 * account not deactivated; the new user logs in), and the Jurnal de audit saying in Romanian what
 * happened, and what locked a refused login: a name at one computer, or a name guessed from many
 * computers. Screenshots in test-artifacts/.
 *
 * The computers are client addresses a reverse proxy the registry trusts (trustProxy 127.0.0.1, as
 * behind IIS or nginx) names in X-Forwarded-For, not sockets bound to 127.0.0.2…17: macOS answers only
 * 127.0.0.1 on its loopback, Linux the whole 127/8. The lock counts the address the server takes as
 * the client's either way (login.ts); proxy-lockout.test.ts checks that a header from a client the
 * registry does not trust is not believed.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser } from '../helpers/web-users.ts';

const chromium = useRegistryBrowser();
let t: TestApp;
const passwords: Record<string, string> = {};

/** A login from another computer (`client`, named by the trusted proxy on 127.0.0.1); the answer's status. */
function loginFrom(client: string, name: string, password: string): Promise<number> {
  const body = JSON.stringify({ name, password });
  return new Promise((resolve, reject) => {
    const req = request(`${t.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describeEngines('registry admin pages', (engine) => {
  beforeAll(async () => {
    const dir = await registryPlace(engine);
    passwords.ana = await addUser(dir, 'ana', 'admin');
    t = await startTestApp({ trustProxy: ['127.0.0.1'] }, dir);
    await t.addStation('ghiseu-1');
    const csv = ['numar_inregistrare;structura;nr_file', '84512/27.09.2021;Direcția Urbanism;2', ''].join('\r\n');
    expect((await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    // five wrong passwords for ana from one computer lock her name there, the right one too
    for (let i = 0; i < 5; i++) expect(await loginFrom('127.0.0.1', 'ana', `gresit-${i}`)).toBe(401);
    expect(await loginFrom('127.0.0.1', 'ana', passwords.ana!)).toBe(429);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('Stații and Jurnal de audit for the admin', async () => {
    const page = await newRegistryPage(chromium.browser);
    // ana is locked out (beforeAll): a second admin
    const password = await addUser(t.place, 'ioana', 'admin');
    await logIn(page, t.base, 'ioana', password);
    await page.getByRole('link', { name: 'Stații' }).click();
    await page.getByRole('cell', { name: 'ghiseu-1', exact: true }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Token nou pentru ghiseu-1' }).click();
    await page.getByText(/^sst_/).waitFor();
    await registryShot(page, 'stations', engine);
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
    await registryShot(page, 'users', engine);
    const elena = await newRegistryPage(chromium.browser);
    await logIn(elena, t.base, 'elena', elenaPassword);
    await elena.getByRole('heading', { name: 'Raport săptămânal' }).waitFor();
    await elena.close();
    await page.getByRole('link', { name: 'Jurnal de audit' }).click();
    await page.getByRole('cell', { name: 'Token nou pentru stație' }).waitFor();
    await page.getByRole('cell', { name: 'Borderou încărcat' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Autentificare eșuată' }).count()).toBeGreaterThan(0);
    // ana's refused login (beforeAll), with what locked it in Romanian
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
    await registryShot(page, 'audit', engine);
    await page.close();
  });
});
