/** Schema validation failures (ajv errors from fastify) as Romanian problems for the clerk. */
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import type { Problem } from '../../../shared/src/schemas/common.ts';

const TYPE_NAMES: Record<string, string> = {
  string: 'un text',
  integer: 'un număr întreg',
  number: 'un număr',
  array: 'o listă',
  object: 'un obiect',
  boolean: 'adevărat sau fals',
  null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  date: 'o dată calendaristică AAAA-LL-ZZ',
  'date-time': 'o dată și o oră ISO 8601 cu fus orar',
};

function reason(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'câmp obligatoriu lipsă';
    case 'additionalProperties':
      return 'câmp necunoscut';
    case 'type': {
      const types = String(params.type).split(',');
      return `trebuie să fie ${types.map((t) => TYPE_NAMES[t] ?? t).join(' sau ')}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'nu poate fi gol' : `prea scurt (minimum ${String(params.limit)} caractere)`;
    case 'maxLength':
      return `prea lung (maximum ${String(params.limit)} caractere)`;
    case 'minimum':
      return `trebuie să fie cel puțin ${String(params.limit)}`;
    case 'maximum':
      return `trebuie să fie cel mult ${String(params.limit)}`;
    case 'minItems':
      return `prea puține elemente (minimum ${String(params.limit)})`;
    case 'maxItems':
      return `prea multe elemente (maximum ${String(params.limit)})`;
    case 'uniqueItems':
      return 'conține elemente repetate';
    case 'enum':
      return `trebuie să fie una dintre valorile: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return `trebuie să fie ${FORMAT_NAMES[String(params.format)] ?? `în formatul ${String(params.format)}`}`;
    case 'pattern':
      return 'conține caractere sau o formă nepermisă';
    default:
      return 'valoare nepermisă';
  }
}

function path(error: FastifySchemaValidationError, context: string | undefined): string {
  const params = error.params as Record<string, unknown>;
  const property = error.keyword === 'required' ? params.missingProperty
    : error.keyword === 'additionalProperties' ? params.additionalProperty
      : undefined;
  const pointer = `${error.instancePath}${property === undefined ? '' : `/${String(property)}`}`;
  if (context === 'querystring') return `?${pointer.replace(/^\//, '')}`;
  if (context === 'params') return `url:${pointer}`;
  return pointer === '' ? '/' : pointer;
}

export function validationProblems(errors: readonly FastifySchemaValidationError[], context: string | undefined): Problem[] {
  return errors.map((error) => ({ path: path(error, context), reason: reason(error) }));
}
