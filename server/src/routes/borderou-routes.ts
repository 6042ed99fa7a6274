/**
 * Admin: `POST /api/borderouri` (the day's borderou as raw CSV bytes; a new version each time)
 * and `GET /api/borderouri?date=…[&version=…]` (a version's rows and the day's history).
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import {
  borderouQuerySchema,
  borderouUploadQuerySchema,
  borderouUploadResultSchema,
  borderouViewSchema,
  type BorderouQuery,
  type BorderouUploadQuery,
  type BorderouView,
} from '../../../shared/src/schemas/borderou.ts';
import { principalLabel } from '../access/access-control.ts';
import type { RouteContext } from '../context.ts';
import { romanianDay } from '../lib/dates.ts';
import { checkDay } from './check-day.ts';
import { uploadBorderou } from '../services/upload-borderou.ts';
import { namingBorderou } from '../../../shared/src/borderou/naming-borderou.ts';
import { errorResponses } from './error-responses.ts';

/** Media types a CSV upload may carry (Windows often labels .csv files as Excel). */
export const CSV_MEDIA_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

export async function borderouRoutes(app: FastifyInstance, { repos, csvBodyLimit, now }: RouteContext): Promise<void> {
  // In this scope only: the body is the CSV file's bytes, untouched (the parser detects the encoding).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(CSV_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: csvBodyLimit }, (_request, body, done) => {
    done(null, body);
  });

  app.post<{ Querystring: BorderouUploadQuery; Body: Buffer }>('/api/borderouri', {
    bodyLimit: csvBodyLimit,
    schema: {
      summary: 'Încarcă borderoul unei zile (CSV)',
      description: 'Corpul cererii este fișierul CSV (text/csv): antet cu numar_inregistrare, structura și opțional '
        + 'nr_file, data, observatii; separator „;”, „,” sau tab (textul salvat din Excel ca „Text (delimitat de tabulatori)” '
        + 'sau „Text Unicode”); UTF-8 (cu sau fără BOM), UTF-16 cu BOM sau Windows-1250. '
        + 'Dacă lipsește ?date, toate rândurile trebuie să fie din aceeași zi. Reîncărcarea aceleiași zile '
        + 'creează o versiune nouă; cele vechi rămân în istoric. Un singur rând greșit respinge tot fișierul. '
        + 'Un fișier care nu este deloc un tabel (document Word, PDF, imagine) primește 415 NOT_A_BORDEROU; '
        + 'cu ?name, mesajele NOT_A_BORDEROU și CSV_INVALID numesc fișierul («Borderoul „zi.csv”: …»).',
      tags: ['borderouri'],
      security: [{ bearer: [] }],
      querystring: borderouUploadQuerySchema,
      response: { 201: borderouUploadResultSchema, ...errorResponses(400, 403, 413, 415) },
    },
  }, async (request, reply) => {
    checkDay(request.query.date, 'date');
    if (!Buffer.isBuffer(request.body)) {
      throw new StationError('VALIDATION_FAILED', 'Corpul cererii este gol: trimiteți fișierul CSV al borderoului (Content-Type: text/csv).');
    }
    const actor = request.principal ? principalLabel(request.principal) : 'anonymous';
    const result = await uploadBorderou(repos.borderouri, request.body, request.query.date, now(), actor)
      .catch((err: unknown) => { throw request.query.name ? namingBorderou(err, request.query.name) : err; });
    await repos.audit.append({
      actor, action: 'borderou-upload', target: `${result.date} v${result.version}`, address: request.ip,
      details: { entries: result.entries, replacedVersion: result.replacedVersion, sha256: result.sha256 },
    });
    request.log.info({ day: result.date, version: result.version, entries: result.entries }, 'borderou stored');
    return reply.code(201).send(result);
  });

  app.get<{ Querystring: BorderouQuery }>('/api/borderouri', {
    schema: {
      summary: 'Borderoul unei zile: rândurile unei versiuni (implicit cea curentă) și istoricul versiunilor',
      tags: ['borderouri'],
      security: [{ bearer: [] }],
      querystring: borderouQuerySchema,
      response: { 200: borderouViewSchema, ...errorResponses(400, 403, 404) },
    },
  }, async (request): Promise<BorderouView> => {
    const { date, version } = request.query;
    checkDay(date, 'date');
    const versions = await repos.borderouri.versions(date);
    const shown = version === undefined ? versions.find((v) => v.current) : versions.find((v) => v.version === Number(version));
    if (!shown) {
      throw new StationError('NOT_FOUND', version === undefined
        ? `Nu există borderou pentru ziua ${romanianDay(date)}.`
        : `Borderoul zilei ${romanianDay(date)} nu are versiunea ${version}.`);
    }
    const strip = ({ id: _id, current: _current, ...summary }: (typeof versions)[number]) => summary;
    return { version: strip(shown), current: shown.current, entries: await repos.borderouri.entries(shown.id), versions: versions.map(strip) };
  });
}
