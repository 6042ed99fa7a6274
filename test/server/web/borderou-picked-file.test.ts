/**
 * The Borderou page given the files a clerk picks after saving the day's list from Excel, in real headless
 * Chromium against the real server on loopback (both engines): a tab-delimited text («Text Unicode»,
 * UTF-16LE with a BOM, a .txt under the registry's title block) is read and saved like a CSV, the page
 * saying how it was read; a CSV the registry refuses whole (a misnamed header) is named once in the alert,
 * by the registry's own words. Screenshots in test-artifacts/.
 */
import { expect, it } from 'vitest';
import { exportTable, titleBlock, utf16leBom, windows1250 } from '../../support/borderou-export.ts';
import { describeRegistryEngines, logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';

const chromium = useRegistryBrowser();

describeRegistryEngines('registry borderou page, files saved from Excel', { users: { vlad: 'registratura' } }, (registry) => {
  const borderouPage = async (day: string) => {
    const page = await newRegistryPage(chromium.browser);
    await logIn(page, registry.server.base, 'vlad', registry.passwords.vlad!);
    await page.getByRole('link', { name: 'Borderou' }).click();
    await page.getByLabel('Ziua borderoului').fill(day);
    return page;
  };

  it('«Text Unicode» (tab-delimited, UTF-16LE): its rows shown, «Codare UTF-16, separator tabulator», saved', async () => {
    const page = await borderouPage('2021-09-27');
    await page.getByLabel(/Fișierul CSV/).setInputFiles({
      name: 'borderou 27.09.txt', mimeType: 'text/plain', buffer: Buffer.from(utf16leBom([...titleBlock('\t', true), ...exportTable('\t')])),
    });
    await page.getByRole('heading', { name: 'Verificare: borderou 27.09.txt' }).waitFor();
    await page.getByRole('cell', { name: 'Serviciul Stare Civilă' }).waitFor();
    await page.getByText('Codare UTF-16, separator tabulator; 2 rânduri bune, 0 rânduri greșite.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await registryShot(page, 'borderou-tab-separated', registry.engine);
    await page.getByRole('button', { name: 'Salvează borderoul zilei 27.09.2021' }).click();
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 a fost salvat: versiunea 1, 2 documente.').waitFor();
    await page.getByRole('cell', { name: 'UTF-16', exact: true }).waitFor(); // the version's encoding, by its name
    await page.close();
  });

  it('a CSV whose header misnames «Structura»: the alert names the file once, then the line; nothing to save', async () => {
    const page = await borderouPage('2021-09-28');
    await page.getByLabel(/Fișierul CSV/).setInputFiles({
      name: 'borderou 28.09.csv', mimeType: 'text/csv', buffer: Buffer.from(windows1250([...titleBlock(';', true), ...exportTable(';', 'Compartiment')])),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'borderou 28.09.csv' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      'Borderoul „borderou 28.09.csv”: Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). '
        + 'Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.');
    expect(await page.getByRole('heading', { name: /^Verificare/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Salvează borderoul/ }).count()).toBe(0);
    await registryShot(page, 'borderou-misnamed-header', registry.engine);
    expect((await registry.server.request('GET', '/api/borderouri?date=2021-09-28')).status).toBe(404);
    await page.close();
  });
});
