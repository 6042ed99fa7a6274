/**
 * Station: `GET /api/borderouri/current?date=…`, the day's current borderou as uploaded, for a
 * station that takes it from the registry instead of a CSV file (the scan page's «Borderoul zilei
 * de la registratură»). Borderouri are kept per day for the whole registry office, so every station
 * gets the same one.
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import { dayBorderouQuerySchema, dayBorderouSchema, type DayBorderou, type DayBorderouQuery } from '../../../shared/src/schemas/day-borderou.ts';
import type { RouteContext } from '../context.ts';
import { romanianDay } from '../lib/dates.ts';
import { checkDay } from './check-day.ts';
import { errorResponses } from './error-responses.ts';

export async function dayBorderouRoutes(app: FastifyInstance, { repos }: RouteContext): Promise<void> {
  app.get<{ Querystring: DayBorderouQuery }>('/api/borderouri/current', {
    schema: {
      summary: 'Borderoul curent al unei zile, așa cum a fost încărcat (pentru stațiile de scanare)',
      description: 'Fișierul CSV vine în base64 (csvBase64), cu versiunea și SHA-256; stația îl citește cu același '
        + 'cititor ca pe un fișier ales de operator. 404 când ziua nu are borderou.',
      tags: ['borderouri'],
      security: [{ bearer: [] }],
      querystring: dayBorderouQuerySchema,
      response: { 200: dayBorderouSchema, ...errorResponses(400, 403, 404) },
    },
  }, async (request): Promise<DayBorderou> => {
    const { date } = request.query;
    checkDay(date, 'date');
    const current = await repos.borderouri.current(date);
    const content = current && (await repos.borderouri.content(current.id));
    if (!current || !content) throw new StationError('NOT_FOUND', `Nu există borderou pentru ziua ${romanianDay(date)}.`, { date });
    return {
      date,
      version: current.version,
      uploadedAt: current.uploadedAt,
      entries: current.entries,
      sha256: current.sha256,
      csvBase64: Buffer.from(content).toString('base64'),
    };
  });
}
