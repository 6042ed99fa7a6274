/**
 * Issue 9's proof across station and registry: a batch split with a missed separator (84514 read as
 * a page of 84513) is reported to the real registry server (in-process, real HTTP on loopback) as
 * version 1; the clerk corrects it in the review page (real headless Chromium) and saves; then the
 * PDFs, summary.json (version 2), the station journal, the outbox AND the registry are checked: the
 * server holds both versions of the report, exactly as the station saved them, and its
 * reconciliation and weekly totals use the latest one only.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../fixtures/lib/truth.ts';
import type { BatchVersions } from '../../shared/src/schemas/batch-versions.ts';
import type { ReconciliationReport } from '../../shared/src/schemas/reconciliation.ts';
import type { WeeklyReport } from '../../shared/src/schemas/weekly-report.ts';
import type { SplitSummary } from '../../shared/src/split-summary.ts';
import { compareWithTruth } from '../../station/src/cli/demo-command.ts';
import { createCorrectionsJournal } from '../../station/src/journal/batch-corrections.ts';
import { openBatchReview } from '../support/browser-suite.ts';
import { pdfinfo } from '../support/pdf-tools.ts';
import { REGISTRY_ADMIN_TOKEN, startRegistry, type RegistryApp } from '../support/registry-app.ts';
import { checkSummary, REPO_ROOT, runSplit } from '../support/split-run.ts';
import { makeTempDir } from '../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi, type RunningUi } from '../support/ui-harness.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const STATION = 'statia-1';
const batchId = 'lot-corectat';
const pagesOf = async (f: string) => Number((await pdfinfo(f)).Pages);
const sha256 = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');

let registry: RegistryApp;
let browser: Browser;
let ui: RunningUi;
let tmp: { dir: string; cleanup: () => Promise<void> };
let truth: Truth;
let outDir: string;

async function asRegistry<T>(url: string): Promise<T> {
  const res = await fetch(`${registry.base}${url}`, { headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}
/** The registry's daily totals as its triggers keep them, and counted again from its documents. */
function registryTotals(): { kept: unknown[]; counted: unknown[] } {
  const db = registry.app.db;
  return {
    kept: db.prepare('SELECT day, department, documents, sheets, pages FROM daily_totals WHERE documents <> 0 ORDER BY 1, 2').all(),
    counted: db.prepare(`SELECT scan_date AS day, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages
                           FROM documents WHERE file IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`).all(),
  };
}

beforeAll(async () => {
  tmp = await makeTempDir('e2e-review-registry-');
  truth = JSON.parse(await readFile(path.join(SAMPLE, 'truth.json'), 'utf8')) as Truth;
  registry = await startRegistry();
  const token = await registry.addStation(STATION);
  const departments = ['Direcția Juridică', 'Urbanism', 'Registratură', 'Cabinet Primar'];
  const csv = ['numar_inregistrare;structura', ...truth.documents.map((d, i) => `${d.id};${departments[i]}`), ''].join('\n');
  const borderou = path.join(tmp.dir, 'borderou.csv');
  await writeFile(borderou, csv);
  const upload = await fetch(`${registry.base}/api/borderouri?date=2021-09-27`, {
    method: 'POST', headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: csv,
  });
  expect(upload.status).toBe(201);

  const dataDir = path.join(tmp.dir, 'data');
  outDir = path.join(tmp.dir, 'documente');
  const env = { STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: STATION };
  const inputs = truth.images.map((i) => path.join(SAMPLE, i.file));
  // 84514 is not a separator for this split: its sheet stays in 84513 (the missed separator)
  const r = await runSplit([...inputs, '--out', outDir, '--batch-id', batchId, '--borderou', borderou, '--separator-pattern', '^8451[235]/\\d{2}\\.\\d{2}\\.\\d{4}$'], { cwd: tmp.dir, dataDir, env });
  expect(r.code).toBe(0);
  ui = await startUi(dataDir, env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await ui?.close();
  await registry?.close();
  await tmp?.cleanup();
});

describe('a batch corrected in the review page reaches the registry as its next version', () => {
  it('split (v1 reported) → «Devine separator» → «Salvează corecturile» → PDFs, summary v2, journal, outbox and the registry agree', async () => {
    // version 1 at the registry: 84514 missing, its page counted in 84513
    const before = await asRegistry<BatchVersions>(`/api/batches/${STATION}/${batchId}/versions`);
    expect(before.versions.map((v) => [v.version, v.documents.map((d) => [d.id, d.pages])])).toEqual([
      [1, [['84512/27.09.2021', 2], ['84513/27.09.2021', 3], ['84515/27.09.2021', 2]]],
    ]);
    expect((await asRegistry<ReconciliationReport>('/api/reconciliation?date=2021-09-27')).missing.map((m) => m.registrationNumber)).toEqual(['84514/27.09.2021']);
    const scanDay = registry.app.db.prepare('SELECT scan_date FROM batches WHERE batch_id = ?').pluck().get(batchId) as string;
    const weekly = () => asRegistry<WeeklyReport>(`/api/reports/weekly?from=${scanDay}&to=${scanDay}`);
    expect((await weekly()).totals).toMatchObject({ documents: 3, pages: 7 });

    // the clerk corrects the batch in the browser
    const page = await openBatchReview(browser, ui, batchId);
    await page.getByRole('button', { name: 'Pagina 6', exact: true }).click();
    await page.getByText('Pagina selectată: 6 — documentul 84513/27.09.2021').waitFor();
    await page.getByLabel('Număr de înregistrare').fill('84514/27.09.2021');
    await page.getByRole('button', { name: 'Devine separator' }).click();
    await page.getByRole('article', { name: 'Documentul 84514/27.09.2021' }).waitFor();
    await page.getByRole('button', { name: 'Salvează corecturile' }).click();
    const saved = page.getByRole('status').getByText(/Corecturile au fost salvate: versiunea 2/);
    await saved.waitFor();
    expect(await saved.textContent()).toContain('Raport trimis la registratură (1).');
    await page.screenshot({ path: path.join(ARTIFACTS, 'e2e-review-saved-sent.png'), fullPage: true });
    await page.close();

    // the station: PDFs, summary.json v2, journal, outbox
    const s = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary & { version: number; corrections: { what: string }[] };
    await checkSummary(outDir, s);
    expect(compareWithTruth(s, truth)).toEqual([]);
    expect(s.version).toBe(2);
    expect(s.corrections.map((c) => c.what)).toEqual(['Pagina 6 devine separator pentru 84514/27.09.2021']);
    expect(await pagesOf(path.join(outDir, '84513_27.09.2021.pdf'))).toBe(1);
    expect(await pagesOf(path.join(outDir, '84514_27.09.2021.pdf'))).toBe(1);
    expect(await pagesOf(path.join(outDir, 'versiuni', 'v1', '84513_27.09.2021.pdf'))).toBe(3);
    expect(createCorrectionsJournal(ui.station.db).list(batchId).map((c) => [c.kind, c.version])).toEqual([['to-separator', 2]]);
    expect((JSON.parse(ui.station.journal.get(batchId)!.summaryJson!) as { version: number }).version).toBe(2);
    const sent = ui.station.outbox.get(batchId)!;
    expect(sent).toMatchObject({ deliveredAt: expect.any(String), attentionAt: null, lastError: null });
    expect((sent.payload as { version: number }).version).toBe(2);

    // the registry: both versions kept, the latest exactly as saved on the station
    const after = await asRegistry<BatchVersions>(`/api/batches/${STATION}/${batchId}/versions`);
    expect(after.currentVersion).toBe(2);
    expect(after.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(after.versions[0]).toEqual(before.versions[0]);
    const latest = after.versions[1]!;
    expect(latest.documents.map((d) => [d.id, d.file, d.pages, d.sha256])).toEqual(
      await Promise.all(s.documents.map(async (d) => [d.id, d.file, d.pages, await sha256(path.join(outDir, d.file!))])),
    );
    expect(latest.documents.map((d) => [d.id, d.pages])).toEqual(truth.documents.map((d) => [d.id, d.pages.length]));
    expect({ pagesIn: latest.pagesIn, separatorPages: latest.separatorPages }).toEqual({ pagesIn: s.pagesIn, separatorPages: s.separatorPages });

    // its reconciliation and weekly totals use version 2 only
    const rec = await asRegistry<ReconciliationReport>('/api/reconciliation?date=2021-09-27');
    expect(rec.missing).toEqual([]);
    expect(rec.matched.map((m) => [m.registrationNumber, m.pages])).toEqual(truth.documents.map((d) => [d.id, d.pages.length]));
    expect(rec.duplicates).toEqual([]);
    const listed = await asRegistry<{ documents: { id: string; batchVersion: number }[] }>('/api/reconciliation/documents?date=2021-09-27');
    expect(listed.documents.map((d) => [d.id, d.batchVersion])).toEqual(truth.documents.map((d) => [d.id, 2]));
    expect((await weekly()).totals).toMatchObject({ documents: 4, pages: 6 });
    const totals = registryTotals();
    expect(totals.kept).toEqual(totals.counted);
  }, 240_000);
});
