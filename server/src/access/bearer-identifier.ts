/**
 * Bearer tokens: the admin token and station tokens, compared as SHA-256 hashes in constant time.
 * A request without an `Authorization: Bearer` header is not for this identifier (null).
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { StationRepository } from '../repositories/station-repository.ts';
import { bearerToken, hashesEqual, hashToken } from '../lib/tokens.ts';
import type { Identifier } from './access-control.ts';

export function bearerIdentifier(adminToken: string, stations: StationRepository): Identifier {
  const adminHash = hashToken(adminToken);
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const token = bearerToken(header);
    if (token === null) {
      throw new StationError('UNAUTHORIZED', 'Autentificare necesară: trimiteți antetul „Authorization: Bearer <token>”.');
    }
    const hash = hashToken(token);
    if (hashesEqual(hash, adminHash)) return { kind: 'admin', roles: ['admin'] };
    const station = await stations.findByTokenHash(hash);
    if (station && hashesEqual(hash, station.tokenHash)) return { kind: 'station', roles: ['station'], station };
    throw new StationError('UNAUTHORIZED', 'Tokenul de acces nu este valid.');
  };
}
