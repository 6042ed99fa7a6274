/**
 * The one error handler: every failure leaves as `{ error: { code, message, problems? } }` with a
 * stable code and a Romanian message. 5xx answers never carry internals; those go to the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, isStationError, type ErrorCode } from '../../../shared/src/errors.ts';
import type { ErrorResponse, Problem } from '../../../shared/src/schemas/common.ts';
import { validationProblems } from '../lib/validation-messages.ts';

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  CSV_INVALID: 400,
  NOT_A_BORDEROU: 415,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  REPORT_SUPERSEDED: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_ATTEMPTS: 429,
};

interface Mapped {
  status: number;
  code: ErrorCode;
  message: string;
  problems?: Problem[];
}

function mapFastifyError(err: FastifyError): Mapped | undefined {
  if (err.validation) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: err.validationContext === 'querystring'
        ? 'Parametrii adresei nu sunt valizi.'
        : 'Datele trimise nu sunt valide.',
      problems: validationProblems(err.validation, err.validationContext),
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Cererea depășește dimensiunea maximă acceptată.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'VALIDATION_FAILED', message: 'Tipul conținutului (Content-Type) nu este acceptat pentru această adresă.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'VALIDATION_FAILED', message: 'Corpul cererii nu este JSON valid.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'VALIDATION_FAILED', message: 'Corpul cererii este gol.' };
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE };
  if (status === 404) return { status, code: 'NOT_FOUND', message: ERROR_CODES.NOT_FOUND };
  if (status >= 400 && status < 500) return { status, code: 'VALIDATION_FAILED', message: 'Cererea nu este validă.' };
  return undefined;
}

function mapError(err: unknown): Mapped | undefined {
  if (isStationError(err)) {
    const status = STATUS_OF[err.code];
    if (status === undefined) return undefined;
    const problems = err.details.problems as Problem[] | undefined;
    return { status, code: err.code, message: err.message, ...(problems ? { problems } : {}) };
  }
  if (err instanceof Error && 'code' in err) return mapFastifyError(err as FastifyError);
  return undefined;
}

export function sendError(reply: FastifyReply, mapped: Mapped): FastifyReply {
  const body: ErrorResponse = { error: { code: mapped.code, message: mapped.message } };
  if (mapped.problems) body.error.problems = mapped.problems;
  if (mapped.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(mapped.status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const mapped = mapError(err);
    if (mapped) {
      request.log.info({ code: mapped.code, status: mapped.status, err }, 'request rejected');
      return sendError(reply, mapped);
    }
    request.log.error({ err }, 'request failed');
    return sendError(reply, { status: 500, code: 'INTERNAL', message: 'Eroare internă a serverului. Încercați din nou mai târziu.' });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, { status: 404, code: 'NOT_FOUND', message: `Adresa ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)} nu există.` }),
  );
}
