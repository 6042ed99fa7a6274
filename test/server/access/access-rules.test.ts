import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { registerAccessControl } from '../../../server/src/access/access-control.ts';
import { ACCESS_RULES, refusalMessage, type Caller } from '../../../server/src/access/access-rules.ts';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser, session, type WebSession } from '../helpers/web-users.ts';

type ErrorBody = { error: { code: string; message: string } };

/** Every kind of caller: what it sends, and which table entry (if any) lets it in. */
const CALLERS = [
  'anonymous', 'bad token', 'malformed header', 'bad session cookie', 'station', 'admin',
  'web admin', 'web registratura', 'web raport',
] as const;
type CallerKind = (typeof CALLERS)[number];

const roleOf: Record<CallerKind, string | null> = {
  anonymous: null,
  'bad token': null,
  'malformed header': null,
  'bad session cookie': null,
  station: 'station',
  admin: 'admin',
  'web admin': 'admin',
  'web registratura': 'registratura',
  'web raport': 'raport',
};
const WEB_ROLES = ['admin', 'registratura', 'raport'] as const;

/** Logging out ends the caller's session: that row goes last. */
const ROWS = (Object.entries(ACCESS_RULES) as Array<[string, readonly Caller[]]>)
  .sort(([a], [b]) => Number(a === 'DELETE /api/session') - Number(b === 'DELETE /api/session'));

describeEngines('access rules: every route with every kind of caller', (engine) => {
  let t: TestApp;
  let stationToken: string;
  const web = new Map<string, WebSession>();
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    stationToken = await t.addStation('st-a');
    for (const role of WEB_ROLES) web.set(`web ${role}`, await session(t.base, `u-${role}`, await addUser(t.place, `u-${role}`, role)));
  });
  afterAll(async () => { await t.close(); });

  const headersOf = (caller: CallerKind): Record<string, string> => {
    switch (caller) {
      case 'anonymous': return {};
      case 'bad token': return { authorization: 'Bearer sst_not-a-real-token-0000000000' };
      case 'malformed header': return { authorization: `Basic ${stationToken}` };
      case 'station': return { authorization: `Bearer ${stationToken}` };
      case 'admin': return { authorization: `Bearer ${ADMIN_TOKEN}` };
      case 'bad session cookie': return { cookie: 'ss_session=not-a-session', 'x-csrf-token': 'x' };
      default: {
        const s = web.get(caller)!;
        return { cookie: s.cookie, 'x-csrf-token': s.csrfToken };
      }
    }
  };

  it('every row of the table is a route the app serves (and a route without a row cannot start, below)', () => {
    for (const key of Object.keys(ACCESS_RULES)) {
      const [method, url] = key.split(' ') as [string, string];
      expect(t.app.hasRoute({ method: method as 'GET', url }), key).toBe(true);
    }
  });

  for (const [key, allowed] of ROWS) {
    const [method, path] = key.split(' ') as [string, string];
    for (const caller of CALLERS) {
      const role = roleOf[caller];
      const passes = allowed.includes('anonymous') || (role !== null && (allowed as readonly string[]).includes(role));
      const expected = passes ? 'passes' : role === null ? 401 : 403;
      it(`${key} — ${caller}: ${expected}`, async () => {
        // No body and no query: a caller who passes gets a validation answer or the resource, never 401/403.
        const response = await fetch(`${t.base}${path}`, { method, headers: headersOf(caller) });
        if (expected === 'passes') {
          expect([401, 403]).not.toContain(response.status);
          expect(response.status).toBeLessThan(500);
          return;
        }
        expect(response.status).toBe(expected);
        const body = (await response.json()) as ErrorBody;
        expect(body.error.code).toBe(expected === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN');
        if (expected === 403) expect(body.error.message).toBe(refusalMessage(allowed));
      });
    }
  }

  it('the refusal names who may call', () => {
    expect(refusalMessage(['admin'])).toBe('Operațiune permisă doar administratorului.');
    expect(refusalMessage(['station'])).toBe('Operațiune permisă doar stațiilor de scanare.');
  });

  it('a station token cannot read the reconciliation or the weekly report', async () => {
    for (const path of ['/api/reconciliation?date=2021-09-27', '/api/reports/weekly?from=2021-09-27&to=2021-10-01']) {
      const response = await t.request('GET', path, { token: stationToken });
      expect(response.status).toBe(403);
      const admin = await t.request('GET', path);
      expect(admin.status).toBe(200);
    }
  });

  it('HEAD follows the GET rule', async () => {
    expect((await fetch(`${t.base}/api/stations`, { method: 'HEAD' })).status).toBe(401);
    expect((await fetch(`${t.base}/api/health`, { method: 'HEAD' })).status).toBe(200);
  });

  it('an unknown address is a plain 404 for anybody', async () => {
    const response = await fetch(`${t.base}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
  });
});

describeEngines('access control', (engine) => {
  it('refuses to start with a route that has no access rule', async () => {
    const app = Fastify();
    registerAccessControl(app, []);
    expect(() => app.get('/api/secret-new-route', async () => ({}))).toThrow(/no access rule for GET \/api\/secret-new-route/);
    await app.close();
  });
});
