/**
 * Scan page: «Borderoul zilei de la registratură». Takes a day's current borderou from the registry
 * server (when one is configured; the station's day unless `?day=` names another) and answers what
 * the clerk sees before starting: the day, the version, how many documents, and the CSV (for
 * printing its separator sheets). The batch takes the borderou of that day again when it starts
 * (takeRegistryBorderou, after its own checks), into its own folder.
 */
import type { FastifyPluginAsync } from 'fastify';
import { registryDay } from '../../borderou/batch-registry-borderou.ts';
import { previewRegistryBorderou } from '../../borderou/registry-borderou.ts';
import type { StationContext } from '../../cli/station-context.ts';

export const registryBorderouRoutes: FastifyPluginAsync<{ station: StationContext }> = async (app, { station }) => {
  app.get('/api/registry-borderou', async (req) => {
    const { day: asked = 'azi' } = req.query as { day?: string };
    const day = registryDay(asked, 'Ziua borderoului', 'VALIDATION_FAILED');
    // a look before the batch (its size, its CSV for the separator sheets), kept nowhere: the batch takes its own copy when it starts
    const got = await previewRegistryBorderou(station.client, day);
    return {
      day: got.day,
      version: got.version,
      uploadedAt: got.uploadedAt,
      entries: got.entries.length,
      csvBase64: got.csv.toString('base64'),
    };
  });
};
