/**
 * The page a clerk sees when the station cannot start from its icon: self-contained Romanian HTML with
 * the error (escaped) and what to do, written atomically into the data folder or, when that cannot be
 * written, the temporary folder; rendered in headless Chromium from its file: URL, as the browser opens it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { escapeHtml } from '../../../shared/src/escape-html.ts';
import { FAILURE_PAGE_NAME, startupFailurePage, writeStartupFailurePage } from '../../../station/src/launcher/startup-failure-page.ts';
import { romanianProblem } from '../../support/accessibility.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium } from '../../support/ui-harness.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let browser: Browser;
beforeAll(async () => {
  tmp = await makeTempDir('failure-page-');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await tmp.cleanup();
});

const AT = new Date(2026, 11, 2, 8, 5);
const PORT_ERROR = new StationError('PORT_IN_USE', 'Portul 7780 este deja folosit de alt program. Închideți acel program sau alegeți alt port cu --port sau ui.port în configurare.', { port: 7780 });

describe('startupFailurePage (pure)', () => {
  it('escapes every text it is given and names the code, the time and the configuration file', () => {
    const html = startupFailurePage({ error: new StationError('CONFIG_INVALID', 'Fișierul <script>alert("x")</script> & \'y\' nu este JSON valid.'), at: AT, configFile: 'C:\\Stația <1>\\station.config.json' });
    expect(html).toContain('Fișierul &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; nu este JSON valid.');
    expect(html).not.toContain('<script');
    expect(html).toContain('C:\\Stația &lt;1&gt;\\station.config.json');
    expect(html).toContain('Cod eroare: CONFIG_INVALID · 02.12.2026, ora 08:05');
    expect(html).toContain('corecteze configurarea');
    expect(escapeHtml('a&b<c>"d"\'e\'')).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
  });

  it('needs nothing from outside: no script, no link, no external address; Romanian with comma-below ș ț', () => {
    const html = startupFailurePage({ error: PORT_ERROR, at: AT });
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|https?:\/\//i);
    expect(html).toContain('<html lang="ro">');
    // what the clerk reads: the text, without the style sheet and the tags
    expect(romanianProblem(html.replace(/<style>[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' '))).toBeNull();
  });
});

describe('writeStartupFailurePage', () => {
  it('into the data folder (made if missing), atomically: no temporary file left, replaced whole on the next failure', async () => {
    const dataDir = path.join(tmp.dir, 'date statie');
    const file = await writeStartupFailurePage('<p>unu</p>', { dataDir, tmpDir: path.join(tmp.dir, 'unused') });
    expect(file).toBe(path.join(dataDir, FAILURE_PAGE_NAME));
    expect(await writeStartupFailurePage('<p>doi</p>', { dataDir })).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('<p>doi</p>');
    expect(await readdir(dataDir)).toEqual([FAILURE_PAGE_NAME]);
  });

  it('a data folder that cannot be written: into the temporary folder instead', async () => {
    const blocker = path.join(tmp.dir, 'file-in-the-way');
    await writeFile(blocker, 'x');
    const tmpDir = path.join(tmp.dir);
    const file = await writeStartupFailurePage('<p>trei</p>', { dataDir: path.join(blocker, 'data'), tmpDir });
    expect(path.dirname(file)).toBe(tmpDir);
    expect(path.basename(file)).toMatch(/^statia-nu-a-pornit(-\d+)?\.html$/);
    expect(await readFile(file, 'utf8')).toBe('<p>trei</p>');
  });
});

describe('the page in the browser', () => {
  it('opened from its file: URL, the clerk reads the heading, the error and what to do', async () => {
    const dataDir = path.join(tmp.dir, 'Stația de scanare');
    const file = await writeStartupFailurePage(startupFailurePage({ error: PORT_ERROR, at: AT, configFile: '/home/ghiseu/Stația/station.config.json' }), { dataDir });
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    try {
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      page.on('request', (r) => r.url() !== pathToFileURL(file).href && failed.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      expect(await page.title()).toBe('Stația de scanare nu a pornit');
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Stația de scanare nu a pornit' }).count()).toBe(1);
      expect(await page.getByRole('alert').innerText()).toBe(PORT_ERROR.message);
      const steps = page.getByRole('region', { name: 'Ce puteți face' }).getByRole('listitem');
      expect(await steps.allInnerTexts()).toEqual([
        'Închideți programul care folosește portul sau cereți administratorului să aleagă alt port pentru stație (ui.port în configurare).',
        'Apoi porniți din nou stația cu pictograma «Stația de scanare».',
      ]);
      expect(failed).toEqual([]); // nothing fetched but the page itself
      await page.screenshot({ path: path.join(ARTIFACTS, 'station-startup-failure.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
