/**
 * `POST /api/borderouri/preview`: the borderou CSV parsed exactly as an upload would be, rows and
 * problems with their line numbers, and nothing saved (the Borderou page shows it before confirming).
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import { parseBorderouCsv, type BorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { namingBorderou } from '../../../shared/src/borderou/naming-borderou.ts';
import { borderouFileNameSchema } from '../../../shared/src/schemas/borderou.ts';
import type { RouteContext } from '../context.ts';
import { CSV_MEDIA_TYPES } from './borderou-routes.ts';
import { errorResponses } from './error-responses.ts';

const MAX_ROWS = 5000;
const rowProblem = {
  type: 'object',
  additionalProperties: false,
  required: ['line', 'column', 'reason'],
  properties: { line: { type: 'integer' }, column: { type: ['string', 'null'] }, reason: { type: 'string' } },
} as const;

const previewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['encoding', 'delimiter', 'entries', 'errors', 'warnings', 'truncated'],
  properties: {
    encoding: { type: 'string' },
    delimiter: { type: 'string' },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['line', 'registrationNumber', 'department', 'expectedSheets', 'date', 'notes'],
        properties: {
          line: { type: 'integer' },
          registrationNumber: { type: 'string' },
          department: { type: 'string' },
          expectedSheets: { type: ['integer', 'null'] },
          date: { type: ['string', 'null'] },
          notes: { type: ['string', 'null'] },
        },
      },
    },
    errors: { type: 'array', items: rowProblem },
    warnings: { type: 'array', items: rowProblem },
    /** True when more than 5000 rows or problems were cut from the answer. */
    truncated: { type: 'boolean' },
  },
} as const;

export async function borderouPreviewRoutes(app: FastifyInstance, { csvBodyLimit }: RouteContext): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(CSV_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit: csvBodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  app.post<{ Querystring: { name?: string }; Body: Buffer }>('/api/borderouri/preview', {
    bodyLimit: csvBodyLimit,
    schema: {
      summary: 'Verifică un borderou CSV fără să-l salveze: rândurile și problemele, cu numărul rândului',
      tags: ['borderouri'],
      security: [{ bearer: [] }],
      /** `name`: the file's name as picked, named in a NOT_A_BORDEROU (a Word document, a PDF…) or CSV_INVALID answer. */
      querystring: { type: 'object', additionalProperties: false, properties: { name: borderouFileNameSchema } },
      response: { 200: previewSchema, ...errorResponses(400, 403, 413, 415) },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) {
      throw new StationError('VALIDATION_FAILED', 'Corpul cererii este gol: trimiteți fișierul CSV al borderoului (Content-Type: text/csv).');
    }
    let parsed: BorderouCsv;
    try {
      parsed = parseBorderouCsv(request.body);
    } catch (err) {
      throw request.query.name ? namingBorderou(err, request.query.name) : err;
    }
    const truncated = parsed.entries.length > MAX_ROWS || parsed.errors.length > MAX_ROWS || parsed.warnings.length > MAX_ROWS;
    return {
      encoding: parsed.encoding,
      delimiter: parsed.delimiter,
      entries: parsed.entries.slice(0, MAX_ROWS),
      errors: parsed.errors.slice(0, MAX_ROWS),
      warnings: parsed.warnings.slice(0, MAX_ROWS),
      truncated,
    };
  });
}
