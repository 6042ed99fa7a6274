/**
 * The scanning row of the weekly activity report: `GET /api/reports/weekly/scanning.docx?week=…` and
 * `…/scanning.pdf?week=…` (any day of the ISO week), and `POST /api/reports/weekly/close` («închide
 * săptămâna»: the week's figures are kept as they are now).
 */
import type { FastifyInstance } from 'fastify';
import { isoDateSchema } from '../../../shared/src/schemas/common.ts';
import { principalLabel } from '../access/access-control.ts';
import type { RouteContext } from '../context.ts';
import { scanningRow } from '../exports/scanning-row.ts';
import { scanningRowDocx } from '../exports/scanning-row-docx.ts';
import { scanningRowPdf } from '../exports/scanning-row-pdf.ts';
import { mondayOf } from '../lib/dates.ts';
import { weekTitle } from '../lib/week-title.ts';
import { closeWeek, weekActivity } from '../services/weekly-activity.ts';
import { checkDay } from './check-day.ts';
import { errorResponses } from './error-responses.ts';

const weekQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['week'],
  properties: { week: isoDateSchema },
} as const;

const closedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['week', 'title', 'closedAt', 'closedBy'],
  properties: { week: { type: 'string' }, title: { type: 'string' }, closedAt: { type: 'string' }, closedBy: { type: 'string' } },
} as const;

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function reportExportRoutes(app: FastifyInstance, { repos, now }: RouteContext): Promise<void> {
  const activityOf = (day: string) => {
    checkDay(day, 'week');
    return weekActivity(mondayOf(day), repos.reports);
  };

  const exports = [
    {
      ext: 'docx', type: DOCX_TYPE,
      summary: 'Rândul «Scanare documente» al raportului de activitate, ca document Word (DOCX)',
      render: async (row: ReturnType<typeof scanningRow>) => scanningRowDocx(row),
    },
    {
      ext: 'pdf', type: 'application/pdf',
      summary: 'Rândul «Scanare documente» al raportului de activitate, ca PDF',
      render: async (row: ReturnType<typeof scanningRow>) => Buffer.from(await scanningRowPdf(row, now())),
    },
  ];
  for (const { ext, type, summary, render } of exports) {
    app.get<{ Querystring: { week: string } }>(`/api/reports/weekly/scanning.${ext}`, {
      schema: {
        summary,
        tags: ['rapoarte'],
        security: [{ bearer: [] }],
        querystring: weekQuerySchema,
        response: { ...errorResponses(400, 403) },
      },
    }, async (request, reply) => {
      const activity = await activityOf(request.query.week);
      const body = await render(scanningRow(activity));
      return reply
        .type(type)
        .header('content-disposition', `attachment; filename="raport-scanare-${activity.monday}.${ext}"`)
        .send(body);
    });
  }

  app.post<{ Body: { week: string } }>('/api/reports/weekly/close', {
    schema: {
      summary: 'Închide săptămâna: cifrele ei rămân cele de acum; corecturile ulterioare apar ca diferență',
      tags: ['rapoarte'],
      security: [{ bearer: [] }],
      body: weekQuerySchema,
      response: { 201: closedSchema, ...errorResponses(400, 403, 409) },
    },
  }, async (request, reply) => {
    checkDay(request.body.week, 'week', 'body');
    const monday = mondayOf(request.body.week);
    const actor = request.principal ? principalLabel(request.principal) : 'anonymous';
    const closed = await closeWeek(monday, actor, now(), repos.reports, repos.weeks);
    const title = weekTitle(monday);
    await repos.audit.append({ actor, action: 'week-close', target: title, address: request.ip, details: { ...closed.figures } });
    return reply.code(201).send({ week: monday, title, closedAt: closed.closedAt, closedBy: closed.closedBy });
  });
}
