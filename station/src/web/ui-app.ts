/**
 * The station's web app: a fastify instance over the station context. Only `ui-command.ts`
 * listens (always on 127.0.0.1); tests build the app, listen on port 0 and close it after.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import { isStationError, type ErrorCode } from '../../../shared/src/errors.ts';
import type { StationContext } from '../cli/station-context.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import type { SenderLoopOptions } from '../report/outbox-sender.ts';
import { startBackgroundSender, type BackgroundSender } from './background-sender.ts';
import { createEventHub, type EventHub } from './event-hub.ts';
import { createOutboxCourier } from './outbox-courier.ts';
import { watchOutbox, type OutboxWatch } from './outbox-watch.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { printRoutes } from './routes/print-routes.ts';
import { registryBorderouRoutes } from './routes/registry-borderou-routes.ts';
import { reviewRoutes } from './routes/review-routes.ts';
import { scanRoutes } from './routes/scan-routes.ts';
import { stationRoutes } from './routes/station-routes.ts';
import { createScanRunner, type ScanRunner } from './scan-runner.ts';
import { createUiGuard, type UiGuard } from './ui-guard.ts';
import { loadUiSecret } from './ui-secret.ts';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const STATUS: Partial<Record<ErrorCode, number>> = {
  USAGE: 400, VALIDATION_FAILED: 400, CSV_INVALID: 400, NOT_A_BORDEROU: 415, OPTION_INVALID: 400, CONFIG_INVALID: 400, INPUT_NOT_FOUND: 400, OUTPUT_NOT_EMPTY: 400,
  UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BATCH_NOT_FOUND: 404, CONFLICT: 409, PAYLOAD_TOO_LARGE: 413,
  DEVICE_NOT_FOUND: 409, DEVICE_BUSY: 409, DEVICE_OFFLINE: 409, ACCESS_DENIED: 409, IO_ERROR: 409, SERVER_UNREACHABLE: 502, SERVER_ERROR: 502,
  // the station's own disk: full or read-only, it cannot store what was asked (507 Insufficient Storage);
  // a denied folder or a failing disk is the station's fault the request cannot mend, and nothing says
  // waiting helps (not 503, which invites a retry of the same): 500, with the Romanian text naming the path
  DISK_FULL: 507, READ_ONLY_FS: 507, FILE_ACCESS_DENIED: 500, DISK_IO_ERROR: 500,
};

export interface UiApp {
  app: FastifyInstance;
  guard: UiGuard;
  hub: EventHub;
  runner: ScanRunner;
  /** The background sender once the app listens (`backgroundSender` asked, a registry configured), else null. */
  sender(): BackgroundSender | null;
  /** Aborted once `station ui --stop` was accepted (routes/station-routes.ts): whoever listens closes the app. */
  stopRequested: AbortSignal;
}

const CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * `backgroundSender`: deliver the outbox in the background while the app listens (`station ui` asks it;
 * `true`, or the loop's clock, sleep and timers for tests). Off by default: tests of the routes decide when reports go.
 * `outboxWatch`: while the app listens, another program's changes of the outbox are said to the pages, and a
 * report it left wakes the background sender (outbox-watch.ts); its clock and interval for tests, `false` for none.
 */
export async function buildUiApp(
  station: StationContext,
  opts: {
    guard?: UiGuard; webDist?: string; env?: NodeJS.ProcessEnv; backgroundSender?: boolean | Pick<SenderLoopOptions, 'now' | 'pollMs' | 'timers'>;
    outboxWatch?: false | { clock?: Clock; intervalMs?: number };
  } = {},
): Promise<UiApp> {
  const env = opts.env ?? process.env;
  // the secret kept in the data folder: a page left open across a restart keeps working
  const guard = opts.guard ?? createUiGuard(await loadUiSecret(station.cfg.dataDir, station.log));
  const hub = createEventHub();
  // every change of the outbox (a batch's end, «Trimite din nou», corrections saved, the background sender's passes) is said through it
  const courier = createOutboxCourier(station, hub);
  const runner = createScanRunner(station, hub, env, courier);
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 12 * 1024 * 1024 });
  app.addHook('onRequest', guard.check);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CSP).header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer').header('x-content-type-options', 'nosniff');
  });
  app.setErrorHandler((raw, req, reply) => {
    // a disk that fails under a route (full, denied, read-only, EIO): its own code and Romanian text naming the path
    const err = stationErrorFromFs(raw) as typeof raw;
    if (isStationError(err) && err.code !== 'INTERNAL') {
      if (err !== raw) station.log.warn({ err: raw, url: req.url, code: err.code }, 'ui request: disk failure');
      return reply.code(STATUS[err.code] ?? 500).send({ error: { code: err.code, message: err.message, field: err.details.field } });
    }
    const fe = err as { statusCode?: number; validation?: unknown };
    if (fe.statusCode && fe.statusCode < 500) return reply.code(fe.statusCode).send({ error: { code: 'VALIDATION_FAILED', message: 'Cererea nu are forma așteptată.' } });
    station.log.error({ err, url: req.url }, 'ui request failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Eroare internă. Detaliile sunt în jurnalul stației.' } });
  });
  let sender: BackgroundSender | null = null;
  if (opts.backgroundSender) {
    const loop = opts.backgroundSender === true ? {} : opts.backgroundSender;
    app.addHook('onListen', async () => {
      sender ??= startBackgroundSender(station, courier, loop);
      courier.attach(sender);
    });
  }
  let watch: OutboxWatch | null = null;
  const watchOpts = opts.outboxWatch ?? {};
  if (watchOpts) {
    app.addHook('onListen', async () => {
      watch ??= watchOutbox(station.db, {
        outbox: station.outbox, clock: watchOpts.clock ?? systemClock, intervalMs: watchOpts.intervalMs, log: station.log,
        changed: () => courier.changedElsewhere(), takeable: () => courier.takeableElsewhere(),
      });
      courier.attachWatch(watch);
    });
  }
  app.addHook('onClose', async () => {
    watch?.stop();
    // stopped first: a pass waiting for the batch's own delivery sends nothing once it gets its turn
    const senderStopped = sender?.stop();
    hub.close();
    if (runner.state().state !== 'idle') runner.cancel();
    await runner.idle();
    await senderStopped;
  });

  await app.register(scanRoutes, { station, guard, hub, runner, env });
  await app.register(batchRoutes, { station, runner, courier });
  await app.register(reviewRoutes, { station, runner, courier });
  await app.register(printRoutes, { station });
  await app.register(registryBorderouRoutes, { station });
  const stop = new AbortController();
  await app.register(stationRoutes, { station, runner, requestStop: () => stop.abort() });

  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());
  const dist = opts.webDist ?? WEB_DIST;
  if (existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, index: 'index.html', cacheControl: false, setHeaders: (res) => res.header('cache-control', 'no-cache') });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(
      '<!doctype html><html lang="ro"><meta charset="utf-8"><title>Stația de scanare</title><p>Pagina stației nu a fost construită. Rulați <code>npm install</code> în dosarul proiectului, apoi porniți din nou <code>station ui</code>.</p></html>',
    ));
  }
  return { app, guard, hub, runner, sender: () => sender, stopRequested: stop.signal };
}
