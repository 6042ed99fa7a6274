/**
 * Login lockout behind a reverse proxy (config `trustProxy`): by default the client is the socket's
 * address and `X-Forwarded-For` is ignored (any client could write one); with the proxy named, the
 * client is the address the proxy adds, so one clerk's failures lock that clerk's address, not
 * everyone behind the proxy, and a client cannot escape its lock by writing its own header.
 * A name is locked at the address its wrong passwords came from; a guess spread over many clients
 * locks the name everywhere but where its user logged in before, and only for 15 minutes.
 */
import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../server/src/auth/login.ts';
import { describeEngines, type TestEngine } from '../../support/postgres.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser, login } from '../helpers/web-users.ts';

const via = (chain: string) => ({ 'x-forwarded-for': chain });

/** A registry with user «dana» (returns her password), started with `trustProxy` and, if given, a clock. */
async function start(trustProxy?: string[], engine: TestEngine = 'sqlite', now?: () => Date): Promise<{ app: TestApp; password: string }> {
  const dir = await registryPlace(engine);
  const password = await addUser(dir, 'dana', 'raport');
  return { app: await startTestApp({ ...(trustProxy ? { trustProxy } : {}), ...(now ? { now } : {}) }, dir), password };
}

/** The addresses the audit log recorded for refused (locked) logins, with what locked them. */
async function lockedFrom(app: TestApp): Promise<Set<string>> {
  const { entries } = (await (await app.request('GET', '/api/audit')).json()) as {
    entries: Array<{ action: string; address: string | null; details: { scope?: string } }>;
  };
  return new Set(entries.filter((e) => e.action === 'login-locked').map((e) => `${e.address} ${e.details.scope}`));
}

/** `n` wrong passwords for `name` from the client the proxy names as `client`: each answered 401. */
async function wrong(app: TestApp, name: string, client: string, n = LOGIN_LIMITS.perUser): Promise<void> {
  for (let i = 0; i < n; i++) expect((await login(app.base, name, `gresit-${client}-${i}`, via(client))).status).toBe(401);
}

/** The addresses the audit log recorded for failed logins. */
async function failedFrom(app: TestApp): Promise<Set<string | null>> {
  const { entries } = (await (await app.request('GET', '/api/audit')).json()) as { entries: Array<{ action: string; address: string | null }> };
  return new Set(entries.filter((e) => e.action === 'login-failed').map((e) => e.address));
}

/** Failed logins under other names until the address is locked, each through the proxy as `chain`. */
async function failUntilLocked(app: TestApp, chain: string): Promise<void> {
  for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) expect((await login(app.base, `ghicit-${i}`, 'parola-ghicita', via(chain))).status).toBe(401);
}

describe('login lockout and reverse proxies', () => {
  it('by default keys on the socket address: a forwarded address changes nothing', async () => {
    const { app, password } = await start();
    try {
      await failUntilLocked(app, '203.0.113.7');
      // another «client» is the same socket address, so it is locked too
      expect((await login(app.base, 'dana', password, via('203.0.113.8'))).status).toBe(429);
      expect(await failedFrom(app)).toEqual(new Set(['127.0.0.1']));
    } finally {
      await app.close();
    }
  });

  it('with the proxy named, locks only the client the proxy names, and a client cannot write its way out', async () => {
    const { app, password } = await start(['127.0.0.1']);
    try {
      await failUntilLocked(app, '203.0.113.7');
      expect((await login(app.base, 'dana', password, via('203.0.113.7'))).status).toBe(429);
      // the proxy appends the real client after whatever the client sent: still 203.0.113.7
      expect((await login(app.base, 'dana', password, via('198.51.100.1, 203.0.113.7'))).status).toBe(429);
      // a colleague behind the same proxy logs in
      expect((await login(app.base, 'dana', password, via('203.0.113.8'))).status).toBe(200);
      expect(await failedFrom(app)).toEqual(new Set(['203.0.113.7']));
    } finally {
      await app.close();
    }
  });

  it('trusts only the proxies named: a header from any other sender is ignored', async () => {
    const { app, password } = await start(['10.1.2.3', '192.168.0.16/28']);
    try {
      await failUntilLocked(app, '203.0.113.7');
      expect((await login(app.base, 'dana', password, via('203.0.113.8'))).status).toBe(429);
      expect(await failedFrom(app)).toEqual(new Set(['127.0.0.1']));
    } finally {
      await app.close();
    }
  });
});

describeEngines('login lockout per name and client', (engine) => {
  it('behind a trusted proxy two clients are locked out separately, each by its own wrong passwords, and a third logs in', async () => {
    const { app, password } = await start(['127.0.0.1'], engine);
    try {
      // client A guesses dana's password: A is locked for dana, even with the right one
      await wrong(app, 'dana', '203.0.113.7');
      expect((await login(app.base, 'dana', password, via('203.0.113.7'))).status).toBe(429);
      // client B mistypes a name of its own: B is locked for it, A is not
      await wrong(app, 'ion', '203.0.113.8');
      expect((await login(app.base, 'ion', 'inca-una', via('203.0.113.8'))).status).toBe(429);
      expect((await login(app.base, 'ion', 'inca-una', via('203.0.113.7'))).status).toBe(401);
      // dana, at her own PC behind the same proxy, is not locked out by A
      expect((await login(app.base, 'dana', password, via('203.0.113.9'))).status).toBe(200);
      expect(await lockedFrom(app)).toEqual(new Set(['203.0.113.7 user-at-address', '203.0.113.8 user-at-address']));
    } finally {
      await app.close();
    }
  });

  it('a forged X-Forwarded-For from an untrusted peer does not escape its lock on a name', async () => {
    const { app, password } = await start(undefined, engine);
    try {
      for (let i = 0; i < LOGIN_LIMITS.perUser; i++) {
        expect((await login(app.base, 'dana', `gresit-${i}`, via(`198.51.100.${i + 1}`))).status).toBe(401);
      }
      const refused = await login(app.base, 'dana', password, via('198.51.100.99'));
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { message: string } }).error.message)
        .toMatch(/^Prea multe încercări de autentificare nereușite\. Încercați din nou după ora \d\d:\d\d\.$/);
      expect(await lockedFrom(app)).toEqual(new Set(['127.0.0.1 user-at-address']));
    } finally {
      await app.close();
    }
  });

  it('a guess spread over clients is slowed: the name is refused everywhere but where its user logged in, for 15 minutes', async () => {
    let clock = Date.parse('2026-03-02T08:00:00Z');
    const { app, password } = await start(['127.0.0.1'], engine, () => new Date(clock));
    try {
      const own = '203.0.113.50';
      expect((await login(app.base, 'dana', password, via(own))).status).toBe(200);
      // three clients, each up to its own limit for the name (5): together the name's limit (15)
      const clients = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
      for (const client of clients) {
        clock += 1000;
        await wrong(app, 'dana', client);
      }
      const lastFailure = clock;
      // a client the name never logged in from is refused, even with the right password
      clock += 1000;
      expect((await login(app.base, 'dana', password, via('198.51.100.200'))).status).toBe(429);
      // dana at her own PC logs in, and that does not lift the lock elsewhere
      expect((await login(app.base, 'dana', password, via(own))).status).toBe(200);
      expect((await login(app.base, 'dana', password, via('198.51.100.201'))).status).toBe(429);
      // the lock ends 15 minutes after the last wrong password (the refused attempts did not stretch it)
      clock = lastFailure + LOGIN_LIMITS.windowMs + 1000;
      expect((await login(app.base, 'dana', password, via('198.51.100.200'))).status).toBe(200);
      expect(await lockedFrom(app)).toEqual(new Set(['198.51.100.200 user', '198.51.100.201 user']));
    } finally {
      await app.close();
    }
  });
});
