/**
 * The Borderou page with a file chosen, in real headless Chromium against the real server on loopback
 * (both engines): a Windows-1250 borderou (as Romanian Windows writes it) with bad rows shows each with
 * its line before anything is saved; the good file is saved as version 1 and listed with who saved it.
 * Screenshots in test-artifacts/.
 */
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { describeRegistryEngines, logIn, newRegistryPage, registryShot, useRegistryBrowser } from '../../support/registry-browser.ts';

const chromium = useRegistryBrowser();
const DAY = '2021-09-27';

/** As Romanian Windows writes it: Windows-1250 has only the cedilla ş ţ, which the server turns into ș ț. */
function windows1250(lines: string[]): Buffer {
  const text = `${lines.join('\r\n')}\r\n`.replace(/ș/g, 'ş').replace(/ț/g, 'ţ').replace(/Ș/g, 'Ş').replace(/Ț/g, 'Ţ');
  return iconv.encode(text, 'windows-1250');
}

describeRegistryEngines('registry borderou upload', { users: { vlad: 'registratura' } }, (registry) => {
  it('a Windows-1250 borderou: a bad row is shown with its line before anything is saved; the good file is saved as a version', async () => {
    const page = await newRegistryPage(chromium.browser);
    await logIn(page, registry.server.base, 'vlad', registry.passwords.vlad!);
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
    await registryShot(page, 'borderou-bad-row', registry.engine);
    expect((await registry.server.request('GET', `/api/borderouri?date=${DAY}`)).status).toBe(404);

    await page.getByLabel(/Fișierul CSV/).setInputFiles({
      name: 'borderou.csv', mimeType: 'text/csv',
      buffer: windows1250([header, '84512/27.09.2021;Direcția Urbanism;2;;', '84513/27.09.2021;Serviciul Impozite și Taxe Locale;1;;', '84514/27.09.2021;Cabinet Primar;3;;']),
    });
    await page.getByRole('cell', { name: 'Serviciul Impozite și Taxe Locale' }).waitFor();
    await page.getByRole('button', { name: 'Salvează borderoul zilei 27.09.2021' }).click();
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 a fost salvat: versiunea 1, 3 documente.').waitFor();
    await page.getByRole('cell', { name: 'vlad', exact: true }).waitFor();
    await registryShot(page, 'borderou-saved', registry.engine);
    await page.close();
  });
});
