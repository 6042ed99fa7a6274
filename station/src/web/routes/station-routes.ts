/**
 * Stopping the app from outside (`station ui --stop`): the clerk's icon runs it with no window, so the
 * administrator has no Ctrl+C. Behind the guard like every API route (ui-guard.ts): the station's
 * secret in its header, the same Host, Origin and Sec-Fetch-Site checks as the page's other POSTs.
 * A batch being scanned or split is never cut: refused (CONFLICT) unless `pauseBatch` (`--force`),
 * which first stops it as the page's «Oprește (lotul rămâne în pauză)» does (one already ending is let
 * finish) and waits until it has.
 * Accepted: no batch starts any more, the answer (202, this process's id) goes out, and only then is
 * `requestStop` called (also when the asker has gone meanwhile): the app stops as on Ctrl+C (ui-command.ts).
 */
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import type { StationContext } from '../../cli/station-context.ts';
import type { ScanRunner } from '../scan-runner.ts';

export interface StationRouteDeps {
  station: StationContext;
  runner: ScanRunner;
  /** Called once the accepting answer has been sent. */
  requestStop: () => void;
}

/** What the administrator reads when a batch is in progress, with what to do. */
function batchInProgress(batchId: string | null, kind: 'scan' | 'split' | undefined, ending: boolean): string {
  const lot = batchId ? `lotul ${batchId}` : 'un lot';
  const again = 'apoi rulați din nou „station ui --stop”';
  const force = '„station ui --stop --force”';
  if (ending) return `Stația nu a fost oprită: ${lot} se încheie acum. Așteptați să se termine (pagina stației arată când), ${again}; sau rulați ${force}, care așteaptă singur.`;
  if (kind === 'split') {
    return `Stația nu a fost oprită: ${lot} se împarte acum în documente. Așteptați să se termine sau opriți-l («Oprește») din pagina stației, ${again}. `
      + `Sau rulați ${force}: împărțirea este oprită întâi, fișierele scanate rămân în dosarul lor.`;
  }
  return `Stația nu a fost oprită: ${lot} se scanează acum. Încheiați-l («Încheie lotul») sau opriți-l («Oprește (lotul rămâne în pauză)») din pagina stației, ${again}. `
    + `Sau rulați ${force}: lotul este oprit întâi, ca la «Oprește», și rămâne în pauză cu toate paginile.`;
}

export const stationRoutes: FastifyPluginAsync<StationRouteDeps> = async (app, { station, runner, requestStop }) => {
  app.post('/api/station/stop', async (req, reply) => {
    const { pauseBatch = false } = (req.body ?? {}) as { pauseBatch?: unknown };
    if (typeof pauseBatch !== 'boolean') throw new StationError('VALIDATION_FAILED', 'Cererea nu are forma așteptată.', { field: 'pauseBatch' });
    const { state, batchId } = runner.state();
    const running = runner.running();
    if (state !== 'idle' && !pauseBatch) {
      throw new StationError('CONFLICT', batchInProgress(batchId, running?.kind, state === 'stopping'), { batchId, state });
    }
    // from here the app stops: a batch asked for meanwhile (or while this one pauses) does not start
    runner.close();
    // once the answer has left (closing the app first would cut the connection it goes out on), or the
    // asker has gone while a batch was being paused: a station that takes no batch any more always stops
    reply.raw.once('close', requestStop);
    let paused: { id: string; kind: 'scan' | 'split'; status: string | null } | null = null;
    if (state !== 'idle' && batchId) {
      station.log.info({ batchId, state }, 'ui stop: pausing the running batch first');
      // one that is ending already («Încheie lotul», «Oprește») is let finish
      if (state !== 'stopping') runner.cancel();
      await runner.idle();
      paused = { id: batchId, kind: running?.kind ?? 'scan', status: station.journal.get(batchId)?.status ?? null };
    }
    station.log.info({ pausedBatch: paused?.id ?? null }, 'ui stop requested');
    return reply.code(202).header('cache-control', 'no-store').send({ stopping: true, pid: process.pid, pausedBatch: paused });
  });
};
