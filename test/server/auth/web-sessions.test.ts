import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { ACCESS_RULES, type Caller } from '../../../server/src/access/access-rules.ts';
import { LOGIN_LIMITS } from '../../../server/src/auth/login.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { registryPlace, startTestApp, tempDir, type TestApp } from '../helpers/test-app.ts';
import { addUser, login, runServerCli, session, type WebSession } from '../helpers/web-users.ts';

type ErrorBody = { error: { code: string; message: string } };

/** A clock the test moves by hand. */
function manualClock(start = '2026-03-02T08:00:00Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

describeEngines('web users, sessions, CSRF and lockout', (engine) => {
  let t: TestApp;
  const clock = manualClock();
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    const dir = await registryPlace(engine);
    passwords.ana = await addUser(dir, 'ana', 'admin');
    passwords.ion = await addUser(dir, 'ion', 'registratura');
    passwords.maria = await addUser(dir, 'maria', 'raport');
    t = await startTestApp({ now: clock.now }, dir);
  });
  afterAll(async () => { await t.close(); });

  it('`user add` prints a first password once; list shows users and never a password or hash', async () => {
    expect(passwords.ana).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const list = await runServerCli(t.place, ['user', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout[0]).toBe('Utilizator\tRol\tCreat la\tStare');
    expect(list.stdout.slice(1).map((l) => l.split('\t').slice(0, 2))).toEqual([['ana', 'admin'], ['ion', 'registratura'], ['maria', 'raport']]);
    expect(list.stdout.join('\n')).not.toContain(passwords.ana);
    expect(list.stdout.join('\n')).not.toContain('$argon2');
    const stored = await t.value<string>("SELECT password_hash FROM users WHERE name = 'ana'");
    expect(stored).toMatch(/^\$argon2id\$/);
    const dup = await runServerCli(t.place, ['user', 'add', 'ANA', '--role', 'raport']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toEqual([t.place.databaseLine, 'Eroare: Utilizatorul „ANA” există deja.']);
    const badRole = await runServerCli(t.place, ['user', 'add', 'x1', '--role', 'sef']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr.at(-1)).toBe('Eroare: Indicați rolul cu --role: admin, registratura, raport.');
    const station = await runServerCli(t.place, ['station', 'add', 'ghiseu-cli']);
    expect(station.code).toBe(0);
    const audited = (await t.rows<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'station-add' AND target = 'ghiseu-cli'")).map((r) => r.actor);
    expect(audited).toEqual(['cli']);
  });

  it('login sets an httpOnly SameSite=Strict cookie (Secure only behind HTTPS: session-cookie-secure.test.ts); GET /api/session names the user', async () => {
    const response = await login(t.base, 'ana', passwords.ana!);
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ss_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const s = await session(t.base, 'ana', passwords.ana!);
    const me = await s.request('GET', '/api/session');
    expect(await me.json()).toEqual({ user: { name: 'ana', role: 'admin' }, csrfToken: s.csrfToken });
  });

  it('a wrong password or unknown user gets one Romanian answer that does not say which', async () => {
    for (const [name, password] of [['ana', 'gresit-gresit'], ['nimeni', 'orice-parola']] as const) {
      const response = await login(t.base, name, password);
      expect(response.status).toBe(401);
      expect(((await response.json()) as ErrorBody).error).toEqual({
        code: 'UNAUTHORIZED', message: 'Numele de utilizator sau parola nu sunt corecte.',
      });
    }
  });

  it('locks a user after 5 failures (the right password is refused too), until 15 minutes pass', async () => {
    const dir = await registryPlace(engine);
    const password = await addUser(dir, 'vlad', 'raport');
    const local = manualClock();
    const app = await startTestApp({ now: local.now }, dir);
    try {
      for (let i = 0; i < LOGIN_LIMITS.perUser; i++) expect((await login(app.base, 'vlad', `gresit-${i}`)).status).toBe(401);
      const locked = await login(app.base, 'vlad', password);
      expect(locked.status).toBe(429);
      const body = (await locked.json()) as ErrorBody;
      expect(body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(body.error.message).toMatch(/^Prea multe încercări de autentificare nereușite\. Încercați din nou după ora \d\d:\d\d\.$/);
      local.advance(LOGIN_LIMITS.windowMs + 1000);
      expect((await login(app.base, 'vlad', password)).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('locks an address after 20 failures whatever names it tries', async () => {
    const dir = await registryPlace(engine);
    const password = await addUser(dir, 'dana', 'raport');
    const app = await startTestApp({}, dir);
    try {
      for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await login(app.base, `ghicit-${i}`, 'parola-ghicita');
      expect((await login(app.base, 'dana', password)).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('a change without the CSRF token (or with a wrong one) is refused; with it, it goes through', async () => {
    const s = await session(t.base, 'ion', passwords.ion!);
    const csv = borderouCsv([['84512/27.09.2021', 'Direcția Urbanism', '3']]);
    for (const csrf of [false, 'x'.repeat(32)] as const) {
      const refused = await s.request('POST', '/api/borderouri', { body: csv, contentType: 'text/csv', csrf });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as ErrorBody).error.message).toBe(
        'Cererea nu poartă tokenul anti-CSRF al sesiunii. Reîncărcați pagina și încercați din nou.');
    }
    expect((await t.request('GET', '/api/borderouri?date=2021-09-27')).status).toBe(404);
    const ok = await s.request('POST', '/api/borderouri', { body: csv, contentType: 'text/csv' });
    expect(ok.status).toBe(201);
    const view = (await (await s.request('GET', '/api/borderouri?date=2021-09-27')).json()) as { versions: Array<{ uploadedBy: string }> };
    expect(view.versions[0]!.uploadedBy).toBe('user:ion');
  });

  it('each role reaches exactly the routes of its row in the access table', async () => {
    const sessions: Record<string, WebSession> = {
      admin: await session(t.base, 'ana', passwords.ana!),
      registratura: await session(t.base, 'ion', passwords.ion!),
      raport: await session(t.base, 'maria', passwords.maria!),
    };
    for (const [key, allowed] of Object.entries(ACCESS_RULES) as Array<[string, readonly Caller[]]>) {
      const [method, path] = key.split(' ') as [string, string];
      if (key === 'POST /api/session' || key === 'DELETE /api/session') continue; // would log in or out
      for (const role of ['admin', 'registratura', 'raport'] as const) {
        const passes = allowed.includes('anonymous') || allowed.includes(role);
        const response = await sessions[role]!.request(method, path.replace(':name', 'nimic').replace('*', 'nimic.js'));
        if (passes) expect([401, 403], `${key} as ${role}`).not.toContain(response.status);
        else expect(response.status, `${key} as ${role}`).toBe(403);
      }
    }
  });

  it('a raport user cannot upload a borderou through the API', async () => {
    const s = await session(t.base, 'maria', passwords.maria!);
    const response = await s.request('POST', '/api/borderouri?date=2021-09-28', {
      body: borderouCsv([['84600/28.09.2021', 'Direcția Urbanism']]), contentType: 'text/csv',
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as ErrorBody).error.message).toBe('Operațiune permisă doar administratorului și registraturii.');
  });

  it('a session ends after 2 hours idle, 12 hours after login, on logout, and when the user is disabled or gets a new password', async () => {
    const idle = await session(t.base, 'maria', passwords.maria!);
    clock.advance(LOGIN_LIMITS.sessionIdleMs + 60_000);
    const expired = await idle.request('GET', '/api/session');
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as ErrorBody).error.message).toBe('Sesiunea a expirat sau nu mai este validă. Autentificați-vă din nou.');

    // Used every hour, a session still ends 12 hours after login.
    const busy = await session(t.base, 'maria', passwords.maria!);
    for (let h = 0; h < 12; h++) {
      expect((await busy.request('GET', '/api/session')).status, `hour ${h}`).toBe(200);
      clock.advance(3600_000);
    }
    clock.advance(60_000);
    expect((await busy.request('GET', '/api/session')).status).toBe(401);

    const out = await session(t.base, 'maria', passwords.maria!);
    const logout = await out.request('DELETE', '/api/session');
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/^ss_session=; .*Max-Age=0/);
    expect((await out.request('GET', '/api/session')).status).toBe(401);

    const disabled = await session(t.base, 'maria', passwords.maria!);
    expect((await runServerCli(t.place, ['user', 'disable', 'maria'])).code).toBe(0);
    expect((await disabled.request('GET', '/api/session')).status).toBe(401);
    expect((await login(t.base, 'maria', passwords.maria!)).status).toBe(401);
    expect((await runServerCli(t.place, ['user', 'enable', 'maria'])).code).toBe(0);

    const before = await session(t.base, 'maria', passwords.maria!);
    const passwd = await runServerCli(t.place, ['user', 'passwd', 'maria']);
    expect(passwd.code).toBe(0);
    const newPassword = passwd.stdout.at(-1)!;
    expect((await before.request('GET', '/api/session')).status).toBe(401);
    expect((await login(t.base, 'maria', passwords.maria!)).status).toBe(401);
    expect((await login(t.base, 'maria', newPassword)).status).toBe(200);
    passwords.maria = newPassword;
  });

  it('the audit log records logins, failures, uploads and user changes, and cannot be edited', async () => {
    const s = await session(t.base, 'ana', passwords.ana!);
    const { entries } = (await (await s.request('GET', '/api/audit')).json()) as { entries: Array<{ actor: string; action: string; target: string | null }> };
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ['user-add', 'login', 'login-failed', 'borderou-upload', 'user-disable', 'user-enable', 'user-passwd']) {
      expect(actions, action).toContain(action);
    }
    expect(entries.find((e) => e.action === 'borderou-upload')).toMatchObject({ actor: 'user:ion', target: '2021-09-27 v1' });
    await expect(t.app.sql.run("UPDATE audit_log SET actor = 'altcineva'")).rejects.toThrow(/append-only/);
    await expect(t.app.sql.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const registratura = await session(t.base, 'ion', passwords.ion!);
    expect((await registratura.request('GET', '/api/audit')).status).toBe(403);
  });

  it('the first start says how to create the first admin', async () => {
    const dir = await registryPlace(engine);
    const { main } = await import('../../../server/src/cli.ts');
    const stderr: string[] = [];
    try {
      const controller = main(['serve'], {
        env: { ...dir.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_TOKEN: 'a-test-admin-token-0123456789' },
        cwd: dir.dir, out: () => undefined, err: (l) => {
          stderr.push(l);
          if (l.startsWith('apoi deschideți')) process.emit('SIGTERM', 'SIGTERM');
        },
      });
      expect(await controller).toBe(0);
      expect(stderr).toContain('Nu există încă niciun utilizator al aplicației web. Creați primul administrator cu:');
      expect(stderr).toContain('  npx server user add <nume> --role admin');
    } finally {
      await dir.drop();
    }
  });

  it('two instances on one database share sessions, logouts and lockouts (a load balancer may send any request anywhere)', async () => {
    const place = await registryPlace(engine);
    const password = await addUser(place, 'radu', 'registratura');
    const keep = { ...place, drop: async () => undefined };
    const a = await startTestApp({}, keep);
    const b = await startTestApp({}, keep);
    try {
      const onA = await session(a.base, 'radu', password);
      const viaB = (path: string) => fetch(`${b.base}${path}`, { headers: { cookie: onA.cookie } });
      expect((await viaB('/api/session')).status).toBe(200);
      // a change on B with the CSRF token issued by A
      const csv = borderouCsv([['84512/27.09.2021', 'Direcția Urbanism', '3']]);
      const upload = await fetch(`${b.base}/api/borderouri`, {
        method: 'POST', body: csv as BodyInit, headers: { cookie: onA.cookie, 'x-csrf-token': onA.csrfToken, 'content-type': 'text/csv' },
      });
      expect(upload.status).toBe(201);
      // logged out on A: refused on B
      expect((await onA.request('DELETE', '/api/session')).status).toBe(204);
      expect((await viaB('/api/session')).status).toBe(401);
      // failures counted on both instances lock the name on both
      for (let i = 0; i < LOGIN_LIMITS.perUser; i++) {
        expect((await login(i % 2 === 0 ? a.base : b.base, 'radu', `gresit-${i}`)).status).toBe(401);
      }
      expect((await login(a.base, 'radu', password)).status).toBe(429);
      expect((await login(b.base, 'radu', password)).status).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await place.drop();
    }
  });

  it('wrong passwords sent all at once to two instances: at most 5 are checked, the rest refused, and the name stays locked', async () => {
    const place = await registryPlace(engine);
    const password = await addUser(place, 'sorin', 'raport');
    const keep = { ...place, drop: async () => undefined };
    const a = await startTestApp({}, keep);
    const b = await startTestApp({}, keep);
    try {
      const attempts = 3 * LOGIN_LIMITS.perUser;
      const statuses = await Promise.all(Array.from({ length: attempts }, (_, i) =>
        login(i % 2 === 0 ? a.base : b.base, 'sorin', `gresit-${i}`).then(async (r) => { await r.arrayBuffer(); return r.status; })));
      const checked = statuses.filter((s) => s === 401).length;
      expect(checked).toBeLessThanOrEqual(LOGIN_LIMITS.perUser);
      expect(statuses.filter((s) => s === 429).length).toBe(attempts - checked);
      // Refused attempts are not failures: exactly the checked ones are on record.
      expect(await a.value<number>("SELECT COUNT(*) AS n FROM login_failures WHERE user_name = 'sorin'")).toBe(checked);
      if (checked === LOGIN_LIMITS.perUser) expect((await login(b.base, 'sorin', password)).status).toBe(429);
    } finally {
      await a.close();
      await b.close();
      await place.drop();
    }
  });
});
