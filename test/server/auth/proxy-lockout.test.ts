/**
 * Login lockout behind a reverse proxy (config `trustProxy`): by default the client is the socket's
 * address and `X-Forwarded-For` is ignored (any client could write one); with the proxy named, the
 * client is the address the proxy adds, so one clerk's failures lock that clerk's address, not
 * everyone behind the proxy, and a client cannot escape its lock by writing its own header.
 */
import { describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../../../server/src/auth/login.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser, login } from '../helpers/web-users.ts';

const via = (chain: string) => ({ 'x-forwarded-for': chain });

/** A registry with user «dana» (returns her password), started with `trustProxy`. */
async function start(trustProxy?: string[]): Promise<{ app: TestApp; password: string }> {
  const dir = await registryPlace('sqlite');
  const password = await addUser(dir, 'dana', 'raport');
  return { app: await startTestApp(trustProxy ? { trustProxy } : {}, dir), password };
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
