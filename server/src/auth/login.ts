/**
 * Logging in and out, and finding the session behind a cookie. Failed logins are counted in the
 * database per user name and per address: 5 failures for a name within 15 minutes lock that name for
 * 15 minutes after the last failure (a correct password is refused meanwhile); 20 from one address
 * within 15 minutes lock that address the same way. Sessions end after 2 hours without a request or
 * 12 hours after login, when the user is disabled or their password changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { StationError } from '../../../shared/src/errors.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { SessionRecord, SessionRepository } from '../repositories/session-repository.ts';
import type { UserRecord, UserRepository } from '../repositories/user-repository.ts';
import { dummyPasswordHash, verifyPassword, type PasswordHashCost } from './passwords.ts';

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  perUser: 5,
  perAddress: 20,
  sessionIdleMs: 2 * 3600_000,
  sessionMaxMs: 12 * 3600_000,
} as const;

export interface SessionUser {
  user: UserRecord;
  session: SessionRecord;
}

export interface Logins {
  login(name: string, password: string, address: string): Promise<SessionUser & { cookieValue: string }>;
  resolve(cookieValue: string): Promise<SessionUser | null>;
  logout(cookieValue: string): Promise<void>;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

function clockTime(iso: string): string {
  return new Intl.DateTimeFormat('ro-RO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Bucharest' }).format(new Date(iso));
}

export function createLogins(deps: {
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  now: () => Date;
  /** The cost of the users' hashes (config passwordHashCost): an unknown name is checked against one as costly. */
  hashCost?: PasswordHashCost;
}): Logins {
  const { users, sessions, audit, now } = deps;

  const lockedUntil = (count: { n: number; last: string | null }, limit: number): string | null =>
    count.n >= limit && count.last ? new Date(Date.parse(count.last) + LOGIN_LIMITS.windowMs).toISOString() : null;

  return {
    async login(name, password, address) {
      const at = now();
      const since = new Date(at.getTime() - LOGIN_LIMITS.windowMs).toISOString();
      await sessions.pruneFailures(new Date(at.getTime() - 24 * 3600_000).toISOString());
      // The attempt is written as a failure before anything is counted, so attempts at once on any
      // instance see each other: the i-th to be stored counts at least i, and at most `perUser` of
      // them reach the password check (a check-then-record would let every one of them through).
      const attempt = await sessions.recordFailure(name, address, at.toISOString());
      // The failures stored before or beside this attempt, of the name and of the address, in one query.
      const others = await sessions.failuresBesides(attempt, name, address, since);
      if (others.user.n >= LOGIN_LIMITS.perUser || others.address.n >= LOGIN_LIMITS.perAddress) {
        // A refused attempt is not a failure: the lock ends 15 minutes after the last real one.
        await sessions.removeFailure(attempt);
        const locked = lockedUntil(others.user, LOGIN_LIMITS.perUser)
          ?? lockedUntil(others.address, LOGIN_LIMITS.perAddress)
          ?? new Date(at.getTime() + LOGIN_LIMITS.windowMs).toISOString();
        await audit.append({ actor: 'anonymous', action: 'login-locked', target: name, address });
        throw new StationError('TOO_MANY_ATTEMPTS',
          `Prea multe încercări de autentificare nereușite. Încercați din nou după ora ${clockTime(locked)}.`,
          { user: name, until: locked });
      }
      const user = await users.findByName(name);
      const ok = await verifyPassword(user?.passwordHash ?? await dummyPasswordHash(deps.hashCost), password);
      if (!user || !ok || user.disabledAt !== null) {
        await audit.append({
          actor: 'anonymous', action: 'login-failed', target: name, address,
          details: { reason: !user ? 'unknown-user' : !ok ? 'wrong-password' : 'disabled' },
        });
        throw new StationError('UNAUTHORIZED', 'Numele de utilizator sau parola nu sunt corecte.');
      }
      await sessions.clearFailuresForUser(name); // this attempt's row too

      const cookieValue = randomBytes(32).toString('base64url');
      const stamp = now().toISOString();
      const session: SessionRecord = {
        idHash: sha256(cookieValue), userId: user.id, csrfToken: randomBytes(24).toString('base64url'),
        createdAt: stamp, lastSeenAt: stamp,
      };
      await sessions.create(session, address);
      await audit.append({ actor: `user:${user.name}`, action: 'login', target: user.name, address });
      return { user, session, cookieValue };
    },

    async resolve(cookieValue) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return null;
      const idHash = sha256(cookieValue);
      const session = await sessions.find(idHash);
      if (!session) return null;
      const at = now().getTime();
      const expired = at - Date.parse(session.lastSeenAt) > LOGIN_LIMITS.sessionIdleMs
        || at - Date.parse(session.createdAt) > LOGIN_LIMITS.sessionMaxMs;
      const user = await users.findById(session.userId);
      if (expired || !user || user.disabledAt !== null) {
        await sessions.remove(idHash);
        return null;
      }
      // Written at most once a minute: reads stay reads.
      if (at - Date.parse(session.lastSeenAt) > 60_000) await sessions.touch(idHash, new Date(at).toISOString());
      return { user, session };
    },

    async logout(cookieValue) {
      if (/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) await sessions.remove(sha256(cookieValue));
    },
  };
}
