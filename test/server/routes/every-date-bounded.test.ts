/**
 * Every date parameter of every route (found in the OpenAPI document, so a route added later is
 * covered too) refuses a day outside the accepted range with a 400 naming the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type Schema = { format?: string; enum?: string[]; properties?: Record<string, Schema>; required?: string[] };
type Operation = { parameters?: Array<{ in: string; name: string; required?: boolean; schema?: Schema }>; requestBody?: { content?: Record<string, { schema?: Schema }> } };

interface DateInput { method: string; path: string; where: 'query' | 'body'; name: string; others: Record<string, string>; bodyProps: Record<string, Schema> }

function dateInputs(paths: Record<string, Record<string, Operation>>): DateInput[] {
  const found: DateInput[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    if (path.includes('{')) continue;
    for (const [method, op] of Object.entries(operations)) {
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      const bodyProps = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      const valid = (schema: Schema | undefined): string => (schema?.format === 'date' ? '2021-09-27' : schema?.enum?.[0] ?? '1');
      const others = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, valid(p.schema)]));
      for (const p of query) if (p.schema?.format === 'date') found.push({ method, path, where: 'query', name: p.name, others, bodyProps });
      for (const [name, schema] of Object.entries(bodyProps)) {
        if (schema.format === 'date') found.push({ method, path, where: 'body', name, others, bodyProps });
      }
    }
  }
  return found;
}

describeEngines('every date the API accepts is bounded', (engine) => {
  let t: TestApp;
  let inputs: DateInput[];
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    inputs = dateInputs((t.app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths);
  });
  afterAll(async () => { await t.close(); });

  it('finds the date parameters (query and body)', () => {
    const names = inputs.map((i) => `${i.method.toUpperCase()} ${i.path} ${i.name}`);
    expect(names).toEqual(expect.arrayContaining([
      'GET /api/reconciliation date', 'GET /api/reports/weekly from', 'GET /api/reports/weekly to', 'POST /api/borderouri date', 'GET /api/borderouri date',
    ]));
  });

  it('year 9999 and year 0000 → 400 naming the parameter, on every route', async () => {
    for (const input of inputs) {
      for (const day of ['9999-12-27', '0000-01-01']) {
        const query = new URLSearchParams({ ...input.others, ...(input.where === 'query' ? { [input.name]: day } : {}) });
        const body = input.where === 'body'
          ? { json: Object.fromEntries(Object.entries(input.bodyProps).map(([k, s]) => [k, k === input.name ? day : s.format === 'date' ? '2021-09-27' : 'x'])) }
          : input.method === 'post' ? { body: 'numar_inregistrare;structura\r\n1/27.09.2021;U\r\n', contentType: 'text/csv' } : {};
        const response = await t.request(input.method.toUpperCase(), `${input.path}?${query}`, body);
        const label = `${input.method} ${input.path} ${input.name}=${day}`;
        expect(response.status, label).toBe(400);
        const problems = ((await response.json()) as { error: { problems?: Array<{ path?: string; reason: string }> } }).error.problems ?? [];
        expect(problems, label).toContainEqual({
          path: input.where === 'query' ? `?${input.name}` : `/${input.name}`,
          reason: `ziua ${day} este în afara intervalului acceptat (anii 1990–2099)`,
        });
      }
    }
  });
});
