/**
 * The one access hook. For every request it finds the route's row in the access table, and unless
 * the row allows `anonymous`, identifies the caller (the identifiers in order; the first that
 * recognises credentials wins) and checks the caller's roles against the row. A registered route
 * without a row stops the app at start (deny by default).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import type { SessionRecord } from '../repositories/session-repository.ts';
import type { StationRecord } from '../repositories/station-repository.ts';
import type { UserRecord } from '../repositories/user-repository.ts';
import { accessRule, refusalMessage, type Role } from './access-rules.ts';

export type Principal =
  | { kind: 'admin'; roles: readonly Role[] }
  | { kind: 'station'; roles: readonly Role[]; station: StationRecord }
  | { kind: 'user'; roles: readonly Role[]; user: UserRecord; session: SessionRecord };

/**
 * Recognises one kind of credentials: a principal when they are present and valid, null when the
 * request carries none of this kind; throws UNAUTHORIZED when they are present but wrong.
 */
export type Identifier = (request: FastifyRequest) => Principal | null | Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalLabel(principal: Principal): string {
  if (principal.kind === 'station') return `station:${principal.station.name}`;
  if (principal.kind === 'user') return `user:${principal.user.name}`;
  return principal.kind;
}

const missingCredentials = (): StationError =>
  new StationError('UNAUTHORIZED', 'Autentificare necesară: trimiteți antetul „Authorization: Bearer <token>”.');

/** Call before any route is registered. */
export function registerAccessControl(app: FastifyInstance, identifiers: readonly Identifier[]): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD' && !accessRule(method, route.url)) {
        throw new Error(`access-rules: no access rule for ${method} ${route.url}`);
      }
    }
  });

  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return; // no such route: the 404 handler answers
    const allowed = accessRule(request.method, url);
    if (!allowed) throw new StationError('FORBIDDEN');
    if (allowed.includes('anonymous')) return;
    let principal: Principal | null = null;
    for (const identify of identifiers) {
      principal = await identify(request);
      if (principal) break;
    }
    if (!principal) throw missingCredentials();
    request.principal = principal;
    request.log = request.log.child({ principal: principalLabel(principal) });
    if (!principal.roles.some((role) => allowed.includes(role))) throw new StationError('FORBIDDEN', refusalMessage(allowed));
  });
}
