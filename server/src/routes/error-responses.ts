/** The error answers a route documents in OpenAPI (all share the one error shape). */
import { errorResponseSchema } from '../../../shared/src/schemas/common.ts';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Date de intrare invalide (VALIDATION_FAILED, CSV_INVALID)',
  401: 'Token lipsă sau greșit (UNAUTHORIZED)',
  403: 'Operațiune nepermisă pentru acest token (FORBIDDEN)',
  404: 'Resursa nu există (NOT_FOUND)',
  409: 'Conflict cu datele existente (CONFLICT; REPORT_SUPERSEDED: registratura are deja o versiune mai nouă a raportului)',
  413: 'Cererea este prea mare (PAYLOAD_TOO_LARGE)',
  415: 'Tip de conținut neacceptat (VALIDATION_FAILED; NOT_A_BORDEROU: fișierul nu este deloc un tabel, ci un document Word, un PDF, o imagine…)',
};

export function errorResponses(...statuses: number[]): Record<number, typeof errorResponseSchema & { description: string }> {
  return Object.fromEntries(
    [...statuses, 401].map((status) => [status, { ...errorResponseSchema, description: DESCRIPTIONS[status] ?? 'Eroare' }]),
  );
}
