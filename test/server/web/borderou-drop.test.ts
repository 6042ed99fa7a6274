/**
 * The Borderou page's drop zone in real headless Chromium against the real server on loopback:
 * files are dropped the way the browser delivers them (a DataTransfer built in the page, then
 * dragenter/dragover/drop on the zone), and what the registry stored is read back from its API.
 * A dropped file shows its rows and is saved like a chosen one; two files at once, a drop outside
 * the zone and a second file dropped while the first is still being checked never save the wrong one;
 * a file that is not a CSV is refused in Romanian words naming it.
 */
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axOf } from '../../support/accessibility.ts';
import { answersRead, countAnswersRead } from '../../support/page-answers.ts';
import { logIn, newRegistryPage, useRegistryBrowser } from '../../support/registry-browser.ts';
import { ARTIFACTS } from '../../support/ui-harness.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser } from '../helpers/web-users.ts';
import { wordDocx } from '../../support/office-files.ts';

const HEADER = 'numar_inregistrare;structura;nr_file;data;observatii';
const GOOD = [HEADER, '84512/27.09.2021;Direcția Urbanism;2;;', '84513/27.09.2021;Serviciul Impozite și Taxe Locale;1;;', '84514/27.09.2021;Cabinet Primar;3;;'].join('\r\n');
const OTHER = [HEADER, '90001/28.09.2021;Direcția Economică;4;;'].join('\r\n');

const chromium = useRegistryBrowser();
let t: TestApp;
let password: string;

/** `base64`: a binary file's bytes (a real Word document), in place of `text`. */
interface Dropped { name: string; text?: string; base64?: string; type?: string }

/** Drops `files` on the element matched by `selector` as the browser does: dragenter, dragover, drop with one DataTransfer. */
async function drop(page: Page, selector: string, files: Dropped[]): Promise<{ dragoverAccepted: boolean; dropHandled: boolean }> {
  return page.evaluate(({ selector, files }) => {
    const target = document.querySelector(selector)!;
    const data = new DataTransfer();
    for (const f of files) {
      const body = f.base64 ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : f.text ?? '';
      data.items.add(new File([body], f.name, { type: f.type ?? 'text/csv' }));
    }
    const fire = (type: string) => {
      const event = new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data });
      target.dispatchEvent(event);
      return event.defaultPrevented;
    };
    fire('dragenter');
    const dragoverAccepted = fire('dragover'); // a zone that does not cancel dragover refuses the drop
    const dropHandled = fire('drop'); // not cancelled: the browser opens the file instead of the page
    return { dragoverAccepted, dropHandled };
  }, { selector, files });
}

async function stored(day: string): Promise<{ status: number; version?: number; entries?: string[] }> {
  const response = await t.request('GET', `/api/borderouri?date=${day}`);
  if (response.status !== 200) return { status: response.status };
  const view = await response.json() as { version: { version: number }; entries: Array<{ registrationNumber: string }> };
  return { status: 200, version: view.version.version, entries: view.entries.map((e) => e.registrationNumber) };
}

async function borderouPage(day: string): Promise<Page> {
  const page = await newRegistryPage(chromium.browser);
  await countAnswersRead(page);
  await logIn(page, t.base, 'vlad', password);
  await page.getByRole('link', { name: 'Borderou' }).click();
  await page.getByLabel('Ziua borderoului').fill(day);
  return page;
}

beforeAll(async () => {
  const dir = await registryPlace('sqlite');
  password = await addUser(dir, 'vlad', 'registratura');
  t = await startTestApp({}, dir);
});
afterAll(async () => {
  await t?.close();
});

describe('Borderou: a CSV dropped on the page', () => {
  it('a dropped file is shown row by row, named, and saved: the registry has exactly its rows', async () => {
    const page = await borderouPage('2021-09-27');
    const result = await drop(page, '.drop', [{ name: 'borderou-27.csv', text: GOOD }]);
    expect(result).toEqual({ dragoverAccepted: true, dropHandled: true });
    await page.getByRole('cell', { name: 'Serviciul Impozite și Taxe Locale' }).waitFor();
    await page.getByRole('heading', { name: 'Verificare: borderou-27.csv' }).waitFor();
    // the file field says which file it holds, as if it had been chosen
    expect(await page.getByLabel(/Fișierul CSV/).evaluate((input: HTMLInputElement) => input.files?.[0]?.name)).toBe('borderou-27.csv');
    expect((await axOf(page, 'document.getElementById("borderou-file")'))!.description).toBe('borderou-27.csv');
    expect((await stored('2021-09-27')).status).toBe(404); // nothing saved before the clerk confirms
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-dropped.png'), fullPage: true });
    await page.getByRole('button', { name: 'Salvează borderoul zilei 27.09.2021' }).click();
    await page.getByRole('status').getByText('Borderoul zilei 27.09.2021 a fost salvat: versiunea 1, 3 documente.').waitFor();
    expect(await stored('2021-09-27')).toEqual({ status: 200, version: 1, entries: ['84512/27.09.2021', '84513/27.09.2021', '84514/27.09.2021'] });
    await page.close();
  });

  it('two files dropped at once: a Romanian error, nothing checked or saved', async () => {
    const page = await borderouPage('2021-09-28');
    let previews = 0;
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/borderouri/preview') previews++; });
    await drop(page, '.drop', [{ name: 'a.csv', text: GOOD }, { name: 'b.csv', text: OTHER }]);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Ați tras 2 fișiere: trageți doar fișierul CSV al borderoului zilei.');
    expect(await page.getByRole('button', { name: /Salvează borderoul/ }).count()).toBe(0);
    expect(previews).toBe(0);
    expect((await stored('2021-09-28')).status).toBe(404);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-dropped-two.png'), fullPage: true });
    await page.close();
  });

  it('a PDF dropped after a good CSV: a Romanian error naming the PDF, the earlier rows gone, nothing saved', async () => {
    const page = await borderouPage('2021-09-30');
    await drop(page, '.drop', [{ name: 'borderou-30.csv', text: GOOD }]);
    await page.getByRole('heading', { name: 'Verificare: borderou-30.csv' }).waitFor();
    const result = await drop(page, '.drop', [{ name: 'scanare registratura.pdf', text: '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', type: 'application/pdf' }]);
    expect(result).toEqual({ dragoverAccepted: true, dropHandled: true });
    // the alert of this drop, by its own words (no earlier alert on the page says them)
    const alert = page.getByRole('alert').filter({ hasText: '„scanare registratura.pdf”' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe('„scanare registratura.pdf” este un document PDF, nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.');
    expect(await page.getByRole('heading', { name: /^Verificare/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Salvează borderoul/ }).count()).toBe(0);
    expect(await page.locator('#borderou-picked').textContent()).toBe('scanare registratura.pdf');
    expect((await stored('2021-09-30')).status).toBe(404);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-dropped-not-csv.png'), fullPage: true });
    await page.close();
  });

  it('a Word document (a real DOCX) dropped: named and said to be a Word document, not the Excel workbook message; nothing saved', async () => {
    const page = await borderouPage('2021-10-01');
    const docx = await wordDocx('84512/01.10.2021;Urbanism');
    await drop(page, '.drop', [{ name: 'borderou 01.10.xlsx', base64: docx.toString('base64'), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }]);
    const alert = page.getByRole('alert').filter({ hasText: '„borderou 01.10.xlsx”' });
    await alert.waitFor();
    expect(await alert.textContent()).toBe('„borderou 01.10.xlsx” este un document Word, nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.');
    expect(await page.getByRole('button', { name: /Salvează borderoul/ }).count()).toBe(0);
    expect((await stored('2021-10-01')).status).toBe(404);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-dropped-word.png'), fullPage: true });
    await page.close();
  });

  it('a file dropped beside the zone does not open in place of the page', async () => {
    const page = await borderouPage('2021-09-28');
    const outside = await drop(page, 'h1', [{ name: 'borderou.csv', text: GOOD }]);
    expect(outside.dropHandled).toBe(true);
    await page.getByRole('heading', { name: 'Borderou', level: 1 }).waitFor();
    expect(await page.getByRole('heading', { name: /^Verificare/ }).count()).toBe(0);
    await page.close();
  });

  it('a second file dropped while the first is still being checked: the page shows and saves the second', async () => {
    const page = await borderouPage('2021-09-28');
    // the first check is held at the server's door until the second has been answered
    let releaseFirst: (() => Promise<void>) | undefined;
    const firstHeld = new Promise<void>((resolve) => {
      let n = 0;
      void page.route((url) => url.pathname === '/api/borderouri/preview', (route: Route) => {
        if (++n === 1) {
          releaseFirst = () => route.continue();
          resolve();
        } else void route.continue();
      });
    });
    await drop(page, '.drop', [{ name: 'intai.csv', text: GOOD }]);
    await firstHeld;
    await drop(page, '.drop', [{ name: 'al-doilea.csv', text: OTHER }]);
    await page.getByRole('cell', { name: 'Direcția Economică' }).waitFor();
    await releaseFirst!();
    // the page's code has read the late answer and drawn whatever it does with it (the network saying it is in is not that)
    await expect.poll(() => answersRead(page, '/api/borderouri/preview')).toBe(2);
    await page.getByRole('heading', { name: 'Verificare: al-doilea.csv' }).waitFor();
    expect(await page.getByRole('cell', { name: 'Cabinet Primar' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Salvează borderoul zilei 28.09.2021' }).click();
    await page.getByRole('status').getByText('Borderoul zilei 28.09.2021 a fost salvat: versiunea 1, 1 document.').waitFor();
    expect(await stored('2021-09-28')).toEqual({ status: 200, version: 1, entries: ['90001/28.09.2021'] });
    await page.close();
  });

  it('the zone stays highlighted while the file moves over its label and button, and only then goes out', async () => {
    const page = await borderouPage('2021-09-29');
    // the events as the browser sends them, each in its own task (the page renders between them):
    // entering a child is its dragenter, then the dragleave of the element left
    const seen = await page.evaluate(async () => {
      const zone = document.querySelector('.drop')!;
      const label = zone.querySelector('label')!;
      const input = zone.querySelector('input')!;
      const outside = document.querySelector('h1')!;
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'borderou.csv', { type: 'text/csv' }));
      const states: boolean[] = [];
      const watch = new MutationObserver(() => {
        const on = zone.classList.contains('over');
        if (states.at(-1) !== on) states.push(on);
      });
      watch.observe(zone, { attributes: true, attributeFilter: ['class'] });
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      const fire = async (target: Element, type: string, relatedTarget: Element | null = null) => {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data, relatedTarget }));
        await nextTask();
      };
      await fire(zone, 'dragenter');
      await fire(zone, 'dragover');
      await fire(label, 'dragenter', zone);
      await fire(zone, 'dragleave', label);
      await fire(label, 'dragover');
      await fire(input, 'dragenter', label);
      await fire(label, 'dragleave', input);
      await fire(input, 'dragover');
      await fire(label, 'dragenter', input);
      await fire(input, 'dragleave', label);
      await fire(label, 'dragover');
      const whileOver = zone.classList.contains('over');
      await fire(outside, 'dragenter', label);
      await fire(label, 'dragleave', outside);
      watch.disconnect();
      return { states, whileOver, after: zone.classList.contains('over') };
    });
    expect(seen).toEqual({ states: [true, false], whileOver: true, after: false });
    await page.close();
  });

  it('a drag that ends without leaving the zone (Escape: only dragend) or drops beside it takes the highlight off', async () => {
    const page = await borderouPage('2021-09-29');
    const seen = await page.evaluate(async () => {
      const zone = document.querySelector('.drop')!;
      const label = zone.querySelector('label')!;
      const data = new DataTransfer();
      data.items.add(new File(['x'], 'borderou.csv', { type: 'text/csv' }));
      const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
      const fire = async (target: EventTarget, type: string) => {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
        await nextTask();
      };
      const over = () => zone.classList.contains('over');
      // over the zone and its label, then Escape: Chromium sends dragend, no dragleave
      await fire(zone, 'dragenter');
      await fire(zone, 'dragover');
      await fire(label, 'dragenter');
      const lit = over();
      await fire(document, 'dragend');
      const afterEscape = over();
      // again, and this time the file is dropped beside the zone
      await fire(zone, 'dragenter');
      await fire(zone, 'dragover');
      const litAgain = over();
      await fire(document.querySelector('h1')!, 'drop');
      return { lit, afterEscape, litAgain, afterDropBeside: over() };
    });
    expect(seen).toEqual({ lit: true, afterEscape: false, litAgain: true, afterDropBeside: false });
    await page.screenshot({ path: path.join(ARTIFACTS, 'borderou-drop-ended.png') });
    await page.close();
  });

  it('the file button shows the focus ring from the keyboard, also where :has() is unknown (Firefox before 121)', async () => {
    const page = await borderouPage('2021-09-29');
    const ring = () => page.locator('.file-button').evaluate((el) => getComputedStyle(el).outlineStyle);
    // from the day field (its day, month and year parts are Tab stops of their own) to the file field, by keyboard
    await page.getByLabel('Ziua borderoului').focus();
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.id)) !== 'borderou-file'; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('borderou-file');
    expect(await ring()).toBe('solid');
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-borderou-file-focus.png'), clip: { x: 0, y: 0, width: 1280, height: 500 } });
    // a browser without :has drops every rule naming it and skips @supports selector(:has(*)): the page's sheet without them
    // (taken out through the CSSOM: the page's Content-Security-Policy refuses a <style> of ours)
    expect(await page.evaluate(() => {
      let removed = 0;
      for (const sheet of Array.from(document.styleSheets)) {
        for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
          if (sheet.cssRules[i]!.cssText.includes(':has(')) {
            sheet.deleteRule(i);
            removed++;
          }
        }
      }
      return removed;
    })).toBeGreaterThan(0);
    expect(await ring()).toBe('solid');
    await page.getByLabel('Ziua borderoului').focus();
    expect(await ring()).toBe('none');
    await page.close();
  });
});
