/**
 * The session cookie's Secure flag, over real HTTP on loopback: `X-Forwarded-Proto` is believed only
 * from a proxy named in trustProxy (Fastify's request.protocol), never from any client; the proxy's
 * own entry (the last) decides; sessionCookieSecure `always` makes it Secure on every answer, login
 * and logout alike. And the option in the one config schema: default `auto`, env and file, others refused.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config.ts';
import type { BuildAppOptions } from '../../../server/src/app.ts';
import { registryPlace, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addUser, login } from '../helpers/web-users.ts';

let running: TestApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A registry with one user, `ana`, started with `options`; her login's and logout's Set-Cookie. */
async function cookies(options: Partial<BuildAppOptions>, headers: Record<string, string> = {}): Promise<{ login: string; logout: string }> {
  const place = await registryPlace('sqlite');
  const password = await addUser(place.dir, 'ana', 'admin');
  running = await startTestApp(options, place);
  const response = await login(running.base, 'ana', password, headers);
  expect(response.status).toBe(200);
  const set = response.headers.get('set-cookie')!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const out = await fetch(`${running.base}/api/session`, {
    method: 'DELETE', headers: { cookie: set.split(';')[0]!, 'x-csrf-token': csrfToken, ...headers },
  });
  expect(out.status).toBe(204);
  return { login: set, logout: out.headers.get('set-cookie')! };
}

const SECURE = /; Secure$/;

describe('the session cookie is Secure only when the browser talks HTTPS', () => {
  it('no proxy trusted: a client writing X-Forwarded-Proto: https itself does not make it Secure', async () => {
    const got = await cookies({}, { 'x-forwarded-proto': 'https' });
    expect(got.login).toMatch(/^ss_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(got.logout).toBe('ss_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('a proxy is trusted, but not the one the request came from: the header is ignored', async () => {
    const got = await cookies({ trustProxy: ['10.0.0.5'] }, { 'x-forwarded-proto': 'https' });
    expect(got.login).not.toMatch(SECURE);
    expect(got.logout).not.toMatch(SECURE);
  });

  it('from the trusted proxy saying https: Secure on login and logout', async () => {
    const got = await cookies({ trustProxy: ['127.0.0.1'] }, { 'x-forwarded-proto': 'https' });
    expect(got.login).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    expect(got.logout).toBe('ss_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });

  it('from the trusted proxy: its own entry, the last, decides (a client\'s "https" before it changes nothing)', async () => {
    expect((await cookies({ trustProxy: ['127.0.0.1'] }, { 'x-forwarded-proto': 'https, http' })).login).not.toMatch(SECURE);
  });

  it('from the trusted proxy saying http, or saying nothing: not Secure', async () => {
    expect((await cookies({ trustProxy: ['127.0.0.1'] }, { 'x-forwarded-proto': 'http' })).login).not.toMatch(SECURE);
    await running?.close();
    running = undefined;
    expect((await cookies({ trustProxy: ['127.0.0.1'] })).login).not.toMatch(SECURE);
  });

  it('sessionCookieSecure always: Secure over plain HTTP with no header (HTTPS ended by a proxy that does not say so)', async () => {
    const got = await cookies({ sessionCookieSecure: 'always' });
    expect(got.login).toMatch(/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    expect(got.logout).toBe('ss_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure');
  });
});

describe('config sessionCookieSecure', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cookie-config-'));
  it('defaults to auto; SESSION_COOKIE_SECURE or the file key sets it; any other value is refused', () => {
    expect(loadConfig({}, dir).sessionCookieSecure).toBe('auto');
    expect(loadConfig({ SESSION_COOKIE_SECURE: 'always' }, dir).sessionCookieSecure).toBe('always');
    writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ sessionCookieSecure: 'always' }));
    expect(loadConfig({ SERVER_CONFIG: 'server.json' }, dir).sessionCookieSecure).toBe('always');
    expect(() => loadConfig({ SESSION_COOKIE_SECURE: 'yes' }, dir)).toThrow(expect.objectContaining({
      code: 'CONFIG_INVALID',
      message: 'Configurația nu este validă: „sessionCookieSecure” (variabila SESSION_COOKIE_SECURE) trebuie să fie una dintre valorile auto, always.',
    }));
    writeFileSync(path.join(dir, 'server.json'), JSON.stringify({ sessionCookieSecure: 'always', secureCookie: true }));
    expect(() => loadConfig({ SERVER_CONFIG: 'server.json' }, dir)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ unknown: ['secureCookie'] }) }));
  });
});
