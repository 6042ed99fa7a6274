/**
 * Login lockout behind a reverse proxy (config `trustProxy`): by default the client is the socket's
 * address and `X-Forwarded-For` is ignored (any client could write one); with the proxy named, the
 * client is the address the proxy adds, so one clerk's failures lock that clerk's address, not
 * everyone behind the proxy, and a client cannot escape its lock by writing its own header.
 * A name is locked at the address its wrong passwords came from; a guess spread over many clients
 * locks the name everywhere but where its user logged in before, for as long as the guess goes on.
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
async function wrong(app: TestApp, name: string, client: string, n: number = LOGIN_LIMITS.perUser): Promise<void> {
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

  it('a forged X-Forwarded-For from an untrusted peer does not escape its locks: the name at its address, then the address under any name', async () => {
    const { app, password } = await start(undefined, engine);
    try {
      // each wrong password claims a new client: were the header believed, no lock would be reached
      let forged = 0;
      const claim = () => via(`198.51.100.${++forged}`);
      for (let i = 0; i < LOGIN_LIMITS.perUser; i++) expect((await login(app.base, 'dana', `gresit-${i}`, claim())).status).toBe(401);
      const refused = await login(app.base, 'dana', password, claim());
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { message: string } }).error.message)
        .toMatch(/^Prea multe încercări de autentificare nereușite\. Încercați din nou după ora \d\d:\d\d\.$/);
      // a name it never tried is still let through (only dana is locked at this address)…
      expect((await login(app.base, 'ion', 'gresit', claim())).status).toBe(401);
      // …until the address's own limit, counted under every name it tried, whatever it claimed
      for (let i = LOGIN_LIMITS.perUser + 1; i < LOGIN_LIMITS.perAddress; i++) {
        expect((await login(app.base, `ghicit-${i}`, 'gresit', claim())).status).toBe(401);
      }
      expect((await login(app.base, 'maria', 'parola-oarecare', claim())).status).toBe(429);
      expect(await lockedFrom(app)).toEqual(new Set(['127.0.0.1 user-at-address', '127.0.0.1 address']));
    } finally {
      await app.close();
    }
  });

  it('a guess spread over clients is refused everywhere but where its user logged in, until the failure that made the lock is 15 minutes old, and again with each new one', async () => {
    let clock = Date.parse('2026-03-02T08:00:30Z');
    const { app, password } = await start(['127.0.0.1'], engine, () => new Date(clock));
    try {
      const own = '203.0.113.50';
      expect((await login(app.base, 'dana', password, via(own))).status).toBe(200);
      // one wrong password a minute, each from a client of its own: the 15th locks the name
      const failures: number[] = [];
      for (let i = 1; i <= LOGIN_LIMITS.perUserEverywhere; i++) {
        clock += 60_000;
        failures.push(clock);
        await wrong(app, 'dana', `198.51.100.${i}`, 1);
      }
      // a client the name never logged in from is refused, even with the right password, and told
      // the minute the first of them is 15 minutes old (08:16:30 UTC, 10:16:30 in Bucharest: after 10:17)
      clock += 1000;
      const refused = await login(app.base, 'dana', password, via('198.51.100.200'));
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
        'Prea multe încercări de autentificare nereușite pentru acest nume, de la mai multe calculatoare. Încercați din nou după ora 10:17, '
        + 'dacă încercările greșite încetează până atunci, sau de la calculatorul de unde v-ați autentificat în ultimele 30 de zile. '
        + 'Anunțați administratorul: cineva încearcă parole pentru acest nume.');
      // dana at her own PC logs in, and that does not lift the lock elsewhere
      expect((await login(app.base, 'dana', password, via(own))).status).toBe(200);
      expect((await login(app.base, 'dana', password, via('198.51.100.201'))).status).toBe(429);
      // the lock has ended at the time told (the refused attempts did not stretch it)…
      clock = failures[0]! + LOGIN_LIMITS.windowMs + 1;
      // …but one more wrong password from a new client brings it back: the name stays locked while the guess goes on
      await wrong(app, 'dana', '198.51.100.16', 1);
      expect((await login(app.base, 'dana', password, via('198.51.100.200'))).status).toBe(429);
      // once the guess stops, the lock ends when the failure that now makes it (the second) is 15 minutes old
      clock = failures[1]! + LOGIN_LIMITS.windowMs + 1;
      expect((await login(app.base, 'dana', password, via('198.51.100.200'))).status).toBe(200);
      expect(await lockedFrom(app)).toEqual(new Set(['198.51.100.200 user', '198.51.100.201 user']));
    } finally {
      await app.close();
    }
  });
});
