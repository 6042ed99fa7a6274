/**
 * Web sessions: the `ss_session` cookie (httpOnly, SameSite=Strict, Secure over HTTPS, behind an
 * HTTPS reverse proxy named in trustProxy, or always with sessionCookieSecure `always`) names a session
 * stored in the database. A request without the cookie is not for this identifier (null). A request
 * that changes something (any method but GET/HEAD/OPTIONS) must also carry the session's CSRF token
 * in the `X-CSRF-Token` header, which only our own pages can read (GET /api/session).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import type { Logins } from '../auth/login.ts';
import { LOGIN_LIMITS } from '../auth/login.ts';
import type { SessionCookieSecure } from '../config.ts';
import type { Identifier } from './access-control.ts';

export const SESSION_COOKIE = 'ss_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Secure when the browser talks HTTPS: over TLS to this server, or to a reverse proxy named in
 * trustProxy whose `X-Forwarded-Proto` says so — Fastify's `request.protocol` reads that header only
 * from a trusted proxy's socket, so a client writing it itself changes nothing. `always`: for HTTPS
 * ended by a proxy that does not send the header.
 */
function secureFlag(request: FastifyRequest, mode: SessionCookieSecure): string {
  return mode === 'always' || request.protocol === 'https' ? '; Secure' : '';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, mode: SessionCookieSecure = 'auto'): void {
  const secure = secureFlag(request, mode);
  reply.header('set-cookie',
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${LOGIN_LIMITS.sessionMaxMs / 1000}${secure}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, mode: SessionCookieSecure = 'auto'): void {
  const secure = secureFlag(request, mode);
  reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sessionIdentifier(logins: Logins): Identifier {
  return async (request) => {
    const value = readSessionCookie(request);
    if (value === undefined || value === '') return null;
    const found = await logins.resolve(value);
    if (!found) throw new StationError('UNAUTHORIZED', 'Sesiunea a expirat sau nu mai este validă. Autentificați-vă din nou.');
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, found.session.csrfToken)) {
        throw new StationError('FORBIDDEN', 'Cererea nu poartă tokenul anti-CSRF al sesiunii. Reîncărcați pagina și încercați din nou.');
      }
    }
    return { kind: 'user', roles: [found.user.role], user: found.user, session: found.session };
  };
}
