/**
 * The line on a report's delivery is worded for the surface that shows it (delivery-words.ts): the
 * web app names no command a clerk would have to type («station sync», «station outbox»): it says the
 * station sends the report again on its own and that «Loturi» shows it; the terminal still names the
 * commands. Real station app on loopback, a registry address where nothing answers, a real batch of
 * the sample's pages read from a folder, real headless Chromium (the review page's «Salvează
 * corecturile»), real HTTP (GET /api/outbox), and `station sync` in-process over a journal file.
 * Screenshots go to test-artifacts/.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { syncCommand } from '../../../station/src/cli/sync-command.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { FILES_SOURCE } from '../../../station/src/web/scan-request.ts';
import { openBatchReview, openBatches } from '../../support/browser-suite.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { useStationWithUnreachableRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS, rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
/** Any command of the station named in a clerk's line. */
const COMMAND = /station (sync|outbox)|„station /;
const suite = useStationWithUnreachableRegistry('ui-delivery-words-', { stationName: STATION });

/** A completed batch whose report the registry refused for good: waiting for a person. */
function refusedReport(station: RunningUi['station'], batchId: string): void {
  const summary = splitSummary(batchId, [summaryDocument('84512/27.09.2021', 2)]);
  station.journal.start({ id: batchId, kind: 'split', outDir: path.join(suite.root, batchId), workDir: null, options: {} });
  station.journal.complete(batchId, JSON.stringify(summary), () => station.outbox.enqueue(batchId, batchReportFrom(summary, STATION)));
  station.outbox.markAttention(batchId, 'VALIDATION_FAILED: Serverul a refuzat raportul (400): date lipsă', []);
}

/** `station sync` in-process over `dataDir`. */
async function sync(dataDir: string, env: NodeJS.ProcessEnv) {
  const io = captureIo({ cwd: suite.root, env: { STATION_DATA_DIR: dataDir, ...env } });
  const code = await syncCommand([], io);
  return { code, out: io.out(), err: io.err() };
}

describe('the delivery line, worded for where it is read', () => {
  it('review page, registry down: «Salvează corecturile» says the station sends it again itself and «Loturi» shows it, no command', async () => {
    const truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
    const folder = path.join(suite.root, 'scanate');
    await mkdir(folder, { recursive: true });
    for (const i of truth.images) await copyFile(path.join(SAMPLE, i.file), path.join(folder, i.file));
    const { batchId } = await suite.ui.runner.start({
      driver: FILES_SOURCE, request: { device: folder, source: 'adf', resolution: 300, mode: 'gray', options: {} },
      duplex: false, removeBlank: false, separators: [], outDir: path.join(suite.root, 'documente'),
    });
    await suite.ui.runner.idle();
    expect(suite.ui.station.outbox.get(batchId)).toMatchObject({ deliveredAt: null, attentionAt: null }); // the registry never answered
    refusedReport(suite.ui.station, 'LOT-REFUZAT'); // the tail about refused reports is worded too

    const page = await openBatchReview(suite.browser, suite.ui, batchId);
    await page.getByRole('button', { name: 'Pagina 2', exact: true }).click();
    await page.getByRole('button', { name: 'Rotește 90°' }).click();
    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    const saved = page.getByRole('status').filter({ hasText: /Corecturile au fost salvate: versiunea 2/ });
    await saved.waitFor();
    const line = (await saved.textContent())!;
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-delivery-words-review.png'), fullPage: true });
    expect(line).toContain('Raportul nu a putut fi trimis');
    expect(line).toContain('Rămâne în coadă. Stația îl retrimite singură când registratura răspunde; starea lui se vede în pagina «Loturi».');
    expect(line).toContain('Atenție: 1 raport refuzat de server (o reîncercare nu ajută): motivul și ce este de făcut se văd în pagina «Loturi».');
    // old code: «Rămâne în coadă; „station sync” îl retrimite. Atenție: … vedeți „station outbox”.»
    expect(line).not.toMatch(COMMAND);
    await page.close();
  }, 180_000);

  it('the terminal, same outbox: `station sync` still names „station sync” and „station outbox”', async () => {
    const dataDir = path.join(suite.root, 'cli-data');
    const cli = await startUi(dataDir, { STATION_SERVER_URL: suite.down.url, STATION_TOKEN: 'sst_x', STATION_NAME: STATION });
    try {
      refusedReport(cli.station, 'LOT-REFUZAT');
      const summary = splitSummary('LOT-ASTEAPTA', [summaryDocument('84513/27.09.2021', 1)]);
      cli.station.journal.start({ id: 'LOT-ASTEAPTA', kind: 'split', outDir: path.join(suite.root, 'LOT-ASTEAPTA'), workDir: null, options: {} });
      cli.station.journal.complete('LOT-ASTEAPTA', JSON.stringify(summary), () => cli.station.outbox.enqueue('LOT-ASTEAPTA', batchReportFrom(summary, STATION)));
    } finally {
      await cli.close();
    }
    const r = await sync(dataDir, { STATION_SERVER_URL: suite.down.url, STATION_TOKEN: 'sst_x', STATION_NAME: STATION });
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Raportul nu a putut fi trimis. Serverul registraturii (${suite.down.url}) nu poate fi contactat. Rămâne în coadă; „station sync” îl retrimite.`);
    expect(r.out).toContain('Atenție: 1 raport refuzat de server (o reîncercare nu ajută): vedeți „station outbox”.');
    expect(r.out).not.toContain('«Loturi»');
  });

  it('the station renamed in its configuration: «Loturi» (GET /api/outbox) says to call the administrator, the terminal names „station outbox readdress”', async () => {
    const dataDir = path.join(suite.root, 'renamed-data');
    const server = { STATION_SERVER_URL: suite.down.url, STATION_TOKEN: 'sst_x' };
    await (await startUi(dataDir, { ...server, STATION_NAME: STATION })).close(); // the name is fixed in the journal
    const renamed = await startUi(dataDir, { ...server, STATION_NAME: 'ghiseu-2' });
    let blocked: string;
    try {
      const res = await rawRequest(renamed.port, 'GET', '/api/outbox', { host: `127.0.0.1:${renamed.port}`, 'x-station-secret': renamed.secret });
      expect(res.status).toBe(200);
      blocked = (JSON.parse(res.body) as { blocked: string }).blocked;
    } finally {
      await renamed.close();
    }
    expect(blocked).toContain('Stația este înregistrată în jurnal ca „ghiseu-1”, dar configurația spune acum „ghiseu-2”');
    expect(blocked).toContain('Anunțați administratorul stației');
    expect(blocked).not.toMatch(COMMAND); // old code: «rulați „station outbox readdress --all”»

    const r = await sync(dataDir, { ...server, STATION_NAME: 'ghiseu-2' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('dar configurația spune acum „ghiseu-2”; rapoartele nu se trimit până nu alegeți. Dacă numele vechi era greșit, rulați „station outbox readdress --all”');
  });

  it('the station has no name for the registry: «Loturi» says the reports wait and who can name it, with no configuration key; the terminal names the keys', async () => {
    const dataDir = path.join(suite.root, 'unnamed-data');
    const server = { STATION_SERVER_URL: suite.down.url, STATION_TOKEN: 'sst_x' };
    const unnamed = await startUi(dataDir, server);
    try {
      const summary = splitSummary('LOT-FARA-NUME', [summaryDocument('84512/27.09.2021', 2)]);
      unnamed.station.journal.start({ id: 'LOT-FARA-NUME', kind: 'split', outDir: path.join(suite.root, 'LOT-FARA-NUME'), workDir: null, options: {} });
      unnamed.station.journal.complete('LOT-FARA-NUME', JSON.stringify(summary), () => unnamed.station.outbox.enqueue('LOT-FARA-NUME', batchReportFrom(summary, STATION)));
      const page = await openBatches(suite.browser, unnamed);
      // old code: «Numele stației nu este configurat (STATION_NAME sau server.stationName, …)»
      const line = page.getByText('Stația nu are încă un nume pentru registratură, așa că rapoartele nu pot fi trimise; ele așteaptă în coadă și nu se pierd. Anunțați administratorul stației să îi pună numele, exact cum a fost creată stația la registratură.');
      await line.waitFor();
      expect(await page.getByText(/STATION_NAME|stationName/).count()).toBe(0);
      // the report's row does not promise it leaves on its own (old code: «Stația îl trimite singură…»)
      const row = page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-FARA-NUME' }) });
      await row.getByText('Nu pleacă până nu se rezolvă ce scrie deasupra listei; până atunci așteaptă aici și nu se pierde.').waitFor();
      expect(await row.getByText(/trimite singur/).count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-no-station-name.png'), fullPage: true });
      await page.close();
    } finally {
      await unnamed.close();
    }
    const r = await sync(dataDir, server);
    expect(r.out).toContain('Numele stației nu este configurat (STATION_NAME sau server.stationName');
  });

  it('no registry configured: «Loturi» says the reports wait and who can set the server, and no row promises it leaves on its own', async () => {
    const dataDir = path.join(suite.root, 'no-server-data');
    const alone = await startUi(dataDir, { STATION_NAME: STATION });
    try {
      const summary = splitSummary('LOT-FARA-SERVER', [summaryDocument('84512/27.09.2021', 2)]);
      alone.station.journal.start({ id: 'LOT-FARA-SERVER', kind: 'split', outDir: path.join(suite.root, 'LOT-FARA-SERVER'), workDir: null, options: {} });
      alone.station.journal.complete('LOT-FARA-SERVER', JSON.stringify(summary), () => alone.station.outbox.enqueue('LOT-FARA-SERVER', batchReportFrom(summary, STATION)));
      const page = await openBatches(suite.browser, alone);
      // old code: «… rămân în stație până la configurare.» (no word of who configures it)
      await page.getByText('Nu este configurat niciun server al registraturii: rapoartele așteaptă în stație și nu se pierd. Anunțați administratorul stației să configureze serverul; după aceea pleacă singure.').waitFor();
      // old code: «Stația îl trimite singură; «Trimite din nou» încearcă acum.», with no such button on the page
      const row = page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-FARA-SERVER' }) });
      await row.getByText('Nu pleacă până nu se rezolvă ce scrie deasupra listei; până atunci așteaptă aici și nu se pierde.').waitFor();
      expect(await row.getByText(/trimite singur|Trimite din nou/).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Trimite din nou/ }).count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-no-server.png'), fullPage: true });
      await page.close();
    } finally {
      await alone.close();
    }
  });
});
