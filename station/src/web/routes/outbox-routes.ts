/**
 * The batches page's outbox: the reports not delivered yet — waiting to be retried, or refused by
 * the server and waiting for the clerk — with why in plain words, and «Trimite din nou» for one
 * report or all of them (a refused one is put back in the queue first, as `station outbox retry`).
 * The answer says what became of the reports sent again (`reports`): the page keeps its line about
 * them only while its list shows them so (a later change, in another page or by the background
 * sender, replaces it).
 */
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import { reportsRo, sendingBlockedBy, type StationContext } from '../../cli/station-context.ts';
import { retryReports } from '../../report/outbox-actions.ts';
import type { OutboxCourier } from '../outbox-courier.ts';
import { outboxView } from '../outbox-words.ts';

export const outboxRoutes: FastifyPluginAsync<{ station: StationContext; courier: OutboxCourier }> = async (app, { station, courier }) => {
  const { outbox } = station;

  app.get('/api/outbox', async () => {
    const blocked = sendingBlockedBy(station, 'web');
    const serverConfigured = Boolean(station.client);
    // no registry to send to, or the station's name blocks sending: no row promises it leaves on its own
    return { serverConfigured, blocked, items: outbox.pending().map((item) => outboxView(item, blocked !== null || !serverConfigured)) };
  });

  app.post('/api/outbox/retry', async (req) => {
    const { batchId } = (req.body ?? {}) as { batchId?: unknown };
    if (batchId !== undefined && (typeof batchId !== 'string' || !batchId)) throw new StationError('VALIDATION_FAILED', 'Lotul de retrimis nu este valid.', { field: 'batchId' });
    const chosen = retryReports(outbox, batchId === undefined ? 'all' : [batchId]);
    // delivered now, said to every page open ('outbox'), the background sender woken
    const { text, result } = await courier.deliver(chosen);
    const left = outbox.pending();
    let message = text; // no server, or the station's name blocks sending
    if (result) {
      const sent = result.delivered.length + result.alreadyRecorded.length + result.superseded.length;
      const waiting = left.filter((i) => chosen.includes(i.batchId));
      // those another program of the station is sending right now (it holds their claim): skipped here, said apart
      const elsewhere = waiting.filter((i) => i.sendingElsewhere).length;
      const still = waiting.length - elsewhere;
      message = `${sent > 0 ? `Trimis la registratură: ${reportsRo(sent)}.` : elsewhere > 0 ? 'Niciun raport trimis de aici.' : 'Niciun raport nu a ajuns la registratură.'}`
        + `${elsewhere > 0 ? ` Se ${elsewhere === 1 ? 'trimite' : 'trimit'} chiar acum din alt program al stației: ${reportsRo(elsewhere)}.` : ''}`
        + `${still > 0 ? ` Netrimis încă: ${reportsRo(still)}; motivul este scris în listă.` : ''}`;
    }
    // the reports the message is about, as the list reads right after: 'sent' (no longer in it), waiting or refused
    const reports = chosen.map((id) => {
      const item = left.find((i) => i.batchId === id);
      return { batchId: id, state: item ? outboxView(item).state : 'sent' };
    });
    return { message, pending: left.length, reports };
  });
};
