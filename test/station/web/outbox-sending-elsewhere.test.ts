/**
 * «Trimite din nou» for a report another program of the station is sending right now (`station sync
 * --watch` beside `station ui` over one journal: it holds the report's claim): the station ui skips it,
 * so the list says why it is still there («Se trimite chiar acum din alt program al stației.») and the
 * answer counts it apart from the reports still waiting for a reason written in the list. The other
 * program is a second connection to the same journal file (its own outbox, its own claimant id). Real
 * registry on loopback, real HTTP, real headless Chromium; the screenshot goes to test-artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { claimLeaseMs } from '../../../station/src/report/outbox-sender.ts';
import { REQUEST_TIMEOUT_MS } from '../../../station/src/report/registry-client.ts';
import type { OutboxView } from '../../../station/src/web/outbox-words.ts';
import { openBatches } from '../../support/browser-suite.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';
import { useOtherProgram, useStationWithRegistry } from '../../support/station-registry-suite.ts';
import { ARTIFACTS, rawRequest } from '../../support/ui-harness.ts';

const STATION = 'ghiseu-1';
const LEASE = claimLeaseMs(REQUEST_TIMEOUT_MS);
const ELSEWHERE = 'Se trimite chiar acum din alt program al stației.';
const suite = useStationWithRegistry('ui-outbox-elsewhere-', { stationName: STATION });

/** The other program of the station (station sync --watch): its own connection to the journal file, its outbox. */
const otherProgram = useOtherProgram(suite);

/** A finished batch in the station's journal, its report put in the outbox as the batch completes (`pages`: its documents' page count). */
function finishedBatch(batchId: string, id: string, pages = 2): void {
  const { journal, outbox } = suite.ui.station;
  const summary = splitSummary(batchId, [summaryDocument(id, 2)]);
  const report = batchReportFrom(summary, STATION);
  journal.start({ id: batchId, kind: 'split', outDir: path.join(suite.ui.station.cfg.dataDir, 'loturi', batchId), workDir: null, options: {} });
  journal.complete(batchId, JSON.stringify(summary), () => outbox.enqueue(batchId, { ...report, documents: report.documents.map((d) => ({ ...d, pages })) }));
}

async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const { port, secret } = suite.ui;
  const res = await rawRequest(port, method, url, { host: `127.0.0.1:${port}`, 'x-station-secret': secret, ...(body ? { 'content-type': 'application/json' } : {}) }, body ? JSON.stringify(body) : undefined);
  expect(res.status, res.body).toBe(200);
  return JSON.parse(res.body) as T;
}

const row = (page: Page, batchId: string) => page.getByRole('table', { name: 'Rapoarte netrimise' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: batchId }) });

describe('a report another program of the station is sending right now', () => {
  it('«Trimite din nou» for all: counted apart, with true words; the list says why it is still there', async () => {
    finishedBatch('LOT-BUN', '84512/27.09.2021');
    finishedBatch('LOT-ALT-PROGRAM', '84513/27.09.2021');
    finishedBatch('LOT-GRESIT', '84514/27.09.2021', -3); // refused by the registry for its content
    // station sync --watch claims it: it is sending it now (its request still on its way)
    expect(otherProgram.outbox.claim('LOT-ALT-PROGRAM', new Date())).toMatchObject({ batchId: 'LOT-ALT-PROGRAM' });

    const r = await api<{ message: string; reports: { batchId: string; state: string }[] }>('POST', '/api/outbox/retry', {});
    // old words: «Trimis la registratură: 1 raport. Netrimis încă: 2 rapoarte; motivul este scris în listă.», no reason in the list for LOT-ALT-PROGRAM
    expect(r.message).toBe('Trimis la registratură: 1 raport. Se trimite chiar acum din alt program al stației: 1 raport. Netrimis încă: 1 raport; motivul este scris în listă.');
    expect(r.reports).toEqual([
      { batchId: 'LOT-BUN', state: 'sent' },
      { batchId: 'LOT-ALT-PROGRAM', state: 'waiting' },
      { batchId: 'LOT-GRESIT', state: 'attention' },
    ]);

    const list = await api<{ items: OutboxView[] }>('GET', '/api/outbox');
    const shown = Object.fromEntries(list.items.map((i) => [i.batchId, i]));
    expect(Object.keys(shown)).toEqual(['LOT-ALT-PROGRAM', 'LOT-GRESIT']);
    expect(shown['LOT-ALT-PROGRAM']).toMatchObject({ state: 'waiting', sendingElsewhere: true, reason: ELSEWHERE, attempts: 0 });
    expect(shown['LOT-GRESIT']).toMatchObject({ state: 'attention', sendingElsewhere: false });
    expect(shown['LOT-GRESIT']!.reason).not.toBe(ELSEWHERE);

    // the claim is the other program's own (not «another's» to it), and lapses with its lease: then it is simply waiting
    expect(otherProgram.outbox.get('LOT-ALT-PROGRAM')!.sendingElsewhere).toBe(false);
    expect(suite.ui.station.outbox.pending(new Date(Date.now() + LEASE + 1_000)).find((i) => i.batchId === 'LOT-ALT-PROGRAM')!.sendingElsewhere).toBe(false);
  });

  it('the batch\'s row and page say it too; a claim from a clock hours ahead is not «being sent», as the sender takes it', async () => {
    type Batches = { batches: { id: string; state: string; outboxReason: string | null }[] };
    const inList = async (id: string) => (await api<Batches>('GET', '/api/batches')).batches.find((b) => b.id === id)!;
    // old words: no reason at all for a report with no error of its own (null)
    expect(await inList('LOT-ALT-PROGRAM')).toMatchObject({ state: 'waiting', outboxReason: ELSEWHERE });
    expect((await api<{ outbox: { reason: string | null } }>('GET', '/api/batches/LOT-ALT-PROGRAM')).outbox.reason).toBe(ELSEWHERE);

    // another computer's program (a journal on a shared folder), its clock 3 hours ahead: this station's sender takes the report
    // (d1f45ee), so the list does not say another program is sending it (old list: «Se trimite chiar acum…» for 3 hours)
    finishedBatch('LOT-CEAS-INAINTE', '84515/27.09.2021');
    otherProgram.db.prepare('UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = ?')
      .run('4242@birou-2/00000000-0000-0000-0000-000000000001', new Date(Date.now() + 3 * 3600_000).toISOString(), 'LOT-CEAS-INAINTE');
    const list = await api<{ items: OutboxView[] }>('GET', '/api/outbox');
    expect(list.items.find((i) => i.batchId === 'LOT-CEAS-INAINTE')).toMatchObject({ state: 'waiting', sendingElsewhere: false, reason: 'Așteaptă trimiterea.' });
    expect((await inList('LOT-CEAS-INAINTE')).outboxReason).toBeNull();
    const r = await api<{ message: string }>('POST', '/api/outbox/retry', { batchId: 'LOT-CEAS-INAINTE' });
    expect(r.message).toBe('Trimis la registratură: 1 raport.');
  });

  it('the page shows why it is still there; «Trimite din nou» on its row says it is being sent by the other program', async () => {
    // the other program still sending it: its claim taken again now (a claim lasts one lease from when it was taken)
    expect(otherProgram.outbox.claim('LOT-ALT-PROGRAM', new Date())).toMatchObject({ batchId: 'LOT-ALT-PROGRAM' });
    const page = await openBatches(suite.browser, suite.ui);
    const sending = row(page, 'LOT-ALT-PROGRAM');
    await sending.getByText(ELSEWHERE).waitFor();
    // its state in the list: on its way, not «în așteptare» (old page: «în așteptare»)
    expect(await sending.getByRole('cell').nth(2).innerText()).toBe('se trimite acum');
    expect(await row(page, 'LOT-GRESIT').getByRole('cell').nth(2).innerText()).toBe('refuzat de server');
    // «Loturi»: the batch's row says why it is still in the queue
    const batchRow = page.getByRole('table', { name: 'Loturile stației, cele mai noi primele' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'LOT-ALT-PROGRAM' }) });
    await batchRow.getByText(ELSEWHERE).waitFor();
    await expect.poll(() => batchRow.getByText('în coada de trimitere').count()).toBe(1);
    await sending.getByRole('button', { name: 'Trimite din nou raportul lotului LOT-ALT-PROGRAM' }).click();
    await page.getByRole('status').getByText('Niciun raport trimis de aici. Se trimite chiar acum din alt program al stației: 1 raport.').waitFor();
    await sending.getByText(ELSEWHERE).waitFor();
    expect(await row(page, 'LOT-GRESIT').getByText(ELSEWHERE).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-outbox-sending-elsewhere.png'), fullPage: true });
    await page.close();

    // once the other program delivered it, it is gone from the list
    expect(otherProgram.outbox.markDelivered('LOT-ALT-PROGRAM', new Date(), STATION)).toBe(true);
    const list = await api<{ items: OutboxView[] }>('GET', '/api/outbox');
    expect(list.items.map((i) => i.batchId)).toEqual(['LOT-GRESIT']);
  }, 180_000);
});
