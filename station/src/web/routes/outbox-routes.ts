/**
 * The batches page's outbox: the reports not delivered yet — waiting to be retried, or refused by
 * the server and waiting for the clerk — with why in plain words, and «Trimite din nou» for one
 * report or all of them (a refused one is put back in the queue first, as `station outbox retry`).
 */
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import { deliverNow, reportsRo, sendingBlockedBy, type StationContext } from '../../cli/station-context.ts';
import { retryReports } from '../../report/outbox-actions.ts';
import { outboxView } from '../outbox-words.ts';

export const outboxRoutes: FastifyPluginAsync<{ station: StationContext }> = async (app, { station }) => {
  const { outbox } = station;

  app.get('/api/outbox', async () => ({
    serverConfigured: Boolean(station.client),
    blocked: sendingBlockedBy(station),
    items: outbox.pending().map(outboxView),
  }));

  app.post('/api/outbox/retry', async (req) => {
    const { batchId } = (req.body ?? {}) as { batchId?: unknown };
    if (batchId !== undefined && (typeof batchId !== 'string' || !batchId)) throw new StationError('VALIDATION_FAILED', 'Lotul de retrimis nu este valid.', { field: 'batchId' });
    const chosen = retryReports(outbox, batchId === undefined ? 'all' : [batchId]);
    const { text, result } = await deliverNow(station);
    const left = outbox.pending();
    let message = text; // no server, or the station's name blocks sending
    if (result) {
      const sent = result.delivered.length + result.alreadyRecorded.length + result.superseded.length;
      const still = chosen.filter((id) => left.some((i) => i.batchId === id)).length;
      message = `${sent > 0 ? `Trimis la registratură: ${reportsRo(sent)}.` : 'Niciun raport nu a ajuns la registratură.'}${still > 0 ? ` Netrimis încă: ${reportsRo(still)}; motivul este scris în listă.` : ''}`;
    }
    return { message, pending: left.length };
  });
};
