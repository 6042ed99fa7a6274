/**
 * The station web app's figures: how long until the review page of a big batch is usable in
 * real headless Chromium (heading, documents and the thumbnails of the visible pages shown),
 * for a batch split without the web app (its thumbnails are made on demand for what is seen).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { openStationContext } from '../station/src/cli/station-context.ts';
import { splitCommand } from '../station/src/cli/split-command.ts';
import { loadConfig } from '../station/src/config.ts';
import { buildUiApp } from '../station/src/web/ui-app.ts';

export interface ReviewFigures {
  pages: number;
  /** From navigation to the review page until its visible thumbnails are all shown, ms: first visit (thumbnails made on demand). */
  firstMs: number;
  /** The same, later visits (thumbnails kept), median. */
  againMs: number;
  visibleThumbnails: number;
  /** Thumbnails the page asked the station for by the time it was usable (first visit). */
  thumbnailsRequestedAtStart: number;
  /** After scrolling from the top to the very end of the batch: documents drawn, thumbnails asked for. */
  scrolled: { documents: number; thumbnailsRequested: number; pages: number } | null;
}

/**
 * Scrolls the review page from the top to the very end of the batch (the page draws more documents
 * as the end comes into view) and counts what it drew and which thumbnails it asked for: a long
 * batch must scroll without loading every page (thumbnails load as they come near the screen).
 */
async function scrollToEnd(page: Page, requests: () => number, pages: number): Promise<ReviewFigures['scrolled']> {
  const articles = () => page.evaluate(() => document.querySelectorAll('article.doc').length);
  for (let step = 0; step < 1000; step++) {
    const before = await articles();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const more = await page.waitForFunction((n) => document.querySelectorAll('article.doc').length > n || !document.querySelector('main div[role="status"]'), before, { timeout: 10_000 }).then(() => true, () => false);
    if (!more || !(await page.evaluate(() => Boolean(document.querySelector('main div[role="status"]'))))) break;
  }
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForLoadState('networkidle').catch(() => {});
  return { documents: await articles(), thumbnailsRequested: requests(), pages };
}

export async function measureReviewPage(batchDir: string, runs = 3): Promise<ReviewFigures | null> {
  const root = await mkdtemp(path.join(tmpdir(), 'bench-ui-'));
  const env = { ...process.env, STATION_DATA_DIR: path.join(root, 'data') };
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  try {
    const code = await splitCommand([batchDir, '--out', path.join(root, 'out'), '--batch-id', 'bench-ui', '--json'], { stdout: sink, stderr: process.stderr, env, cwd: root });
    if (code !== 0) throw new Error(`split for the review bench failed (${code})`);
    const station = openStationContext(loadConfig({ env, cwd: root }));
    const pagesIn = (JSON.parse(station.journal.get('bench-ui')!.summaryJson!) as { pagesIn: number }).pagesIn;
    const ui = await buildUiApp(station, { env });
    await ui.app.listen({ host: '127.0.0.1', port: 0 });
    const port = (ui.app.server.address() as { port: number }).port;
    ui.guard.setPort(port);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const times: number[] = [];
    let visible = 0;
    let requestedAtStart = 0;
    let scrolled: ReviewFigures['scrolled'] = null;
    try {
      for (let i = 0; i < runs; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        let thumbRequests = 0;
        page.on('request', (r) => void (r.url().includes('/thumbs/') && thumbRequests++));
        await page.goto(`http://127.0.0.1:${port}/#cheie=${ui.guard.secret}`);
        await page.getByRole('link', { name: 'Loturi' }).waitFor();
        const t0 = Date.now();
        await page.evaluate(() => void (location.hash = '#/lot/bench-ui'));
        await page.getByRole('heading', { name: 'Verificare lot bench-ui' }).waitFor({ timeout: 60_000 });
        await page.waitForFunction(() => {
          const imgs = Array.from(document.querySelectorAll<HTMLImageElement>('.thumbs img')).filter((img) => {
            const r = img.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight;
          });
          return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0);
        }, undefined, { timeout: 60_000, polling: 'raf' });
        times.push(Date.now() - t0);
        if (i === 0) {
          requestedAtStart = thumbRequests;
          scrolled = await scrollToEnd(page, () => thumbRequests, pagesIn);
        }
        visible = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLImageElement>('.thumbs img')).filter((img) => img.getBoundingClientRect().top < innerHeight && img.naturalWidth > 0).length);
        await page.close();
      }
    } finally {
      await browser.close();
      await ui.app.close();
      station.close();
    }
    const again = times.slice(1).sort((a, b) => a - b);
    return { pages: pagesIn, firstMs: times[0]!, againMs: again[Math.floor(again.length / 2)] ?? times[0]!, visibleThumbnails: visible, thumbnailsRequestedAtStart: requestedAtStart, scrolled };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
