/**
 * Bearer-token guards. The admin token and station tokens are compared as SHA-256 hashes in
 * constant time; the caller is attached to the request as `request.principal`.
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import type { StationRepository, StationRecord } from '../repositories/station-repository.ts';
import { bearerToken, hashesEqual, hashToken } from '../lib/tokens.ts';

export type Principal = { kind: 'admin' } | { kind: 'station'; station: StationRecord };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthGuards {
  /** Admin token only. */
  admin: onRequestAsyncHookHandler;
  /** A station token only. */
  station: onRequestAsyncHookHandler;
  /** Admin or any station. */
  anyone: onRequestAsyncHookHandler;
}

function identify(request: FastifyRequest, adminHash: string, stations: StationRepository): Principal {
  const token = bearerToken(request.headers.authorization);
  if (token === null) {
    throw new StationError('UNAUTHORIZED', 'Autentificare necesară: trimiteți antetul „Authorization: Bearer <token>”.');
  }
  const hash = hashToken(token);
  if (hashesEqual(hash, adminHash)) return { kind: 'admin' };
  const station = stations.findByTokenHash(hash);
  if (station && hashesEqual(hash, station.tokenHash)) return { kind: 'station', station };
  throw new StationError('UNAUTHORIZED', 'Tokenul de acces nu este valid.');
}

export function registerAuth(app: FastifyInstance, adminToken: string, stations: StationRepository): AuthGuards {
  const adminHash = hashToken(adminToken);
  app.decorateRequest('principal', null);

  const guard = (allowed: (p: Principal) => boolean, refusal: string): onRequestAsyncHookHandler =>
    async function authGuard(request) {
      const principal = identify(request, adminHash, stations);
      request.principal = principal;
      request.log = request.log.child({ principal: principal.kind === 'admin' ? 'admin' : `station:${principal.station.name}` });
      if (!allowed(principal)) throw new StationError('FORBIDDEN', refusal);
    };

  return {
    admin: guard((p) => p.kind === 'admin', 'Operațiune permisă doar administratorului.'),
    station: guard((p) => p.kind === 'station', 'Operațiune permisă doar stațiilor de scanare.'),
    anyone: guard(() => true, ''),
  };
}
