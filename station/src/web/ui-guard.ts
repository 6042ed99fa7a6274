/**
 * Who may talk to the station's web app: only a page the station itself served, in the clerk's
 * own browser. Every request must name the station's address in `Host` (a DNS-rebinding page
 * names its own host and is refused); a request with an `Origin` must come from that same
 * address; the API needs the station's secret (kept in its data folder, ui-secret.ts, so an open
 * page outlives a restart), sent in a header (cross-site pages cannot set it without a CORS
 * preflight we never answer) or, for reads only, in the SameSite=Strict session cookie the page
 * gets for `<img>` thumbnails and PDFs opened in a tab (derived from the secret: it outlives a
 * restart too, and no other value opens anything).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SECRET_HEADER = 'x-station-secret';
export const SESSION_COOKIE = 'station_session';
const PUBLIC_PATH = /^\/(?:index\.html|favicon\.ico|assets\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|svg|png|woff2?))?$/;

export interface UiGuard {
  readonly secret: string;
  readonly sessionToken: string;
  /** Set once the server listens (the port may be chosen by the OS). */
  setPort(port: number): void;
  /** The onRequest hook: refuses what does not pass (403/421) before any route runs. */
  check(req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function refuse(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error: { code, message } });
}

export function createUiGuard(secret = randomBytes(32).toString('base64url')): UiGuard {
  const sessionToken = createHmac('sha256', secret).update(SESSION_COOKIE).digest('base64url');
  let hosts = new Set<string>();
  let origins = new Set<string>();
  return {
    secret,
    sessionToken,
    setPort(port) {
      hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      origins = new Set([...hosts].map((h) => `http://${h}`));
    },
    async check(req, reply) {
      const host = req.headers.host?.toLowerCase();
      if (!host || !hosts.has(host)) {
        await refuse(reply, 421, 'FORBIDDEN', 'Adresa cererii nu este adresa stației. Deschideți pagina stației de la adresa afișată de programul stației când a pornit („station ui”), pe acest calculator.');
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin.toLowerCase())) {
        await refuse(reply, 403, 'FORBIDDEN', 'Cererea vine de la altă pagină web și a fost refuzată.');
        return;
      }
      // default deny: only the page and its built assets are public (they hold no data); the test
      // is on the raw path, so no encoding (`/%61pi/…`) can make an API path look public
      if ((req.method === 'GET' || req.method === 'HEAD') && PUBLIC_PATH.test(req.url.split('?')[0]!)) return;
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin' && site !== 'none') {
        await refuse(reply, 403, 'FORBIDDEN', 'Cererea vine de la altă pagină web și a fost refuzată.');
        return;
      }
      const header = req.headers[SECRET_HEADER];
      if (same(typeof header === 'string' ? header : undefined, secret)) return;
      const reading = req.method === 'GET' || req.method === 'HEAD';
      if (reading && same(cookieValue(req.headers.cookie, SESSION_COOKIE), sessionToken)) return;
      await refuse(reply, 401, 'UNAUTHORIZED', 'Lipsește cheia stației. Deschideți pagina stației de la adresa afișată de programul stației când a pornit („station ui”), pe acest calculator.');
    },
  };
}

/** The cookie the page gets (after proving it holds the secret) so `<img>` and links can read. */
export function sessionCookie(guard: UiGuard): string {
  return `${SESSION_COOKIE}=${guard.sessionToken}; Path=/api/; HttpOnly; SameSite=Strict`;
}
