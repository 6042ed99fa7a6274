/**
 * Scan page API: the session cookie, the event stream, scanners and their capabilities, named
 * profiles, and starting / deciding / stopping the batch the runner drives.
 */
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import type { StationContext } from '../../cli/station-context.ts';
import { createDriver, defaultDriverName, DRIVER_NAMES } from '../../drivers/registry.ts';
import { createConsumedFilesLedger } from '../../journal/consumed-files-ledger.ts';
import { streamEvents, type EventHub } from '../event-hub.ts';
import { createProfileStore } from '../profile-store.ts';
import { parseScanStart } from '../scan-request.ts';
import type { Decision, ScanRunner } from '../scan-runner.ts';
import { sessionCookie, type UiGuard } from '../ui-guard.ts';

export interface ScanRouteDeps {
  station: StationContext;
  guard: UiGuard;
  hub: EventHub;
  runner: ScanRunner;
  /** The environment drivers see (SANE_CONFIG_DIR…). */
  env: NodeJS.ProcessEnv;
}

const DECISIONS: Decision[] = ['continue', 'end', 'stop'];

export const scanRoutes: FastifyPluginAsync<ScanRouteDeps> = async (app, { station, guard, hub, runner, env }) => {
  const { cfg } = station;
  const profiles = createProfileStore(cfg.dataDir);
  const driverFor = (name: unknown) => {
    const driver = typeof name === 'string' && name ? name : defaultDriverName();
    if (!(DRIVER_NAMES as readonly string[]).includes(driver)) throw new StationError('VALIDATION_FAILED', `Driverul „${driver}” nu există.`, { field: 'driver' });
    return createDriver(driver, { env, dataDir: cfg.dataDir, log: station.log, ledger: createConsumedFilesLedger(station.db), folder: cfg.folder, escl: cfg.escl });
  };

  app.post('/api/session', async (_req, reply) => reply.header('set-cookie', sessionCookie(guard)).send({ ok: true }));

  app.get('/api/state', async () => ({
    runner: runner.state(),
    station: { dataDir: cfg.dataDir, defaultDriver: defaultDriverName(), drivers: DRIVER_NAMES, serverConfigured: Boolean(cfg.server.url && cfg.server.token), storage: cfg.storage },
  }));

  app.get('/api/events', (req, reply) => streamEvents(hub, req, reply));

  app.get('/api/devices', async (req) => {
    const { driver } = req.query as { driver?: string };
    return { devices: await (await driverFor(driver)).listDevices() };
  });

  app.get('/api/capabilities', async (req) => {
    const { driver, device } = req.query as { driver?: string; device?: string };
    if (!device) throw new StationError('VALIDATION_FAILED', 'Alegeți un scaner.', { field: 'device' });
    return { capabilities: await (await driverFor(driver)).getCapabilities(device) };
  });

  app.post('/api/scan', async (req, reply) => reply.code(202).send(await runner.start(parseScanStart(req.body))));

  app.post('/api/scan/resume', async (req, reply) => {
    const { batchId, pagesSoFar } = (req.body ?? {}) as { batchId?: unknown; pagesSoFar?: unknown };
    if (typeof batchId !== 'string' || !batchId) throw new StationError('VALIDATION_FAILED', 'Lipsește lotul de continuat.', { field: 'batchId' });
    // pagesSoFar: «Încheie lotul» for a paused batch — its pages are split and written, the scanner is not used
    return reply.code(202).send(await runner.resume(batchId, { pagesSoFar: pagesSoFar === true }));
  });

  app.post('/api/scan/decision', async (req) => {
    const { decision } = (req.body ?? {}) as { decision?: Decision };
    if (!decision || !DECISIONS.includes(decision)) throw new StationError('VALIDATION_FAILED', 'Decizia trebuie să fie «Continuă» sau «Încheie lotul».', { field: 'decision' });
    runner.decide(decision);
    return { ok: true };
  });

  app.post('/api/scan/cancel', async () => {
    runner.cancel();
    return { ok: true };
  });

  app.post('/api/scan/end', async () => {
    runner.end();
    return { ok: true };
  });

  app.get('/api/profiles', async () => ({ profiles: await profiles.list() }));
  app.put('/api/profiles', async (req) => {
    const { name, settings } = (req.body ?? {}) as { name?: string; settings?: unknown };
    return { profiles: await profiles.save(name ?? '', settings) };
  });
  app.delete('/api/profiles/:name', async (req) => ({ profiles: await profiles.remove((req.params as { name: string }).name) }));
};
