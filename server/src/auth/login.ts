/**
 * Logging in and out, and finding the session behind a cookie. Failed logins are counted in the
 * database, within 15 minutes, three ways; each lock lasts until 15 minutes after the last failure
 * it counted (an attempt refused meanwhile, even with the right password, is not counted, so nobody
 * can stretch a lock by knocking on it):
 * - 5 failures of a name from one client address lock that name at that address (a clerk's own
 *   typos, or one PC guessing a colleague's password, lock no one else);
 * - 20 failures from one address, under any names, lock that address;
 * - 15 failures of a name from all addresses together (a guess spread over several PCs) lock that
 *   name at every address where it has not logged in within the last 30 days: the guess is slowed,
 *   and the user still logs in at their own PC (the audit log's `login` entries say where that is).
 * The client address is the socket's, or the one a trusted reverse proxy names (config trustProxy).
 * Sessions end after 2 hours without a request or 12 hours after login, when the user is disabled or
 * their password changes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { StationError } from '../../../shared/src/errors.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { SessionRecord, SessionRepository } from '../repositories/session-repository.ts';
import type { UserRecord, UserRepository } from '../repositories/user-repository.ts';
import { dummyPasswordHash, verifyPassword, type PasswordHashCost } from './passwords.ts';

export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  /** Failures of a name from one address. */
  perUser: 5,
  /** Failures from one address, any names. */
  perAddress: 20,
  /** Failures of a name from all addresses together; addresses it logged in from within `knownAddressMs` are exempt. */
  perUserEverywhere: 15,
  knownAddressMs: 30 * 24 * 3600_000,
  sessionIdleMs: 2 * 3600_000,
  sessionMaxMs: 12 * 3600_000,
} as const;

/** What a refused login was locked by: the name at this address, the address, or the name everywhere. */
export type LockScope = 'user-at-address' | 'address' | 'user';

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
      // them from one address reach the password check (a check-then-record would let every one through).
      const attempt = await sessions.recordFailure(name, address, at.toISOString());
      // The failures stored before or beside this attempt, of the name and of the address, in one query.
      const others = await sessions.failuresBesides(attempt, name, address, since);
      const locks: Array<{ scope: LockScope; until: string | null }> = [
        { scope: 'user-at-address', until: lockedUntil(others.userAtAddress, LOGIN_LIMITS.perUser) },
        { scope: 'address', until: lockedUntil(others.address, LOGIN_LIMITS.perAddress) },
        { scope: 'user', until: lockedUntil(others.user, LOGIN_LIMITS.perUserEverywhere) },
      ];
      const user = await users.findByName(name);
      // The name-wide lock spares the addresses the user is known at. Asked only when it would
      // decide something: it applies, and no other lock refuses the attempt until as late. A
      // login's audit entry names the user as stored, whatever spelling was typed.
      const otherUntil = [locks[0]!.until, locks[1]!.until].filter((u) => u !== null).sort().at(-1) ?? null;
      if (locks[2]!.until && user && (otherUntil === null || otherUntil < locks[2]!.until)
        && await audit.loggedInFrom(user.name, address, new Date(at.getTime() - LOGIN_LIMITS.knownAddressMs).toISOString())) {
        locks[2]!.until = null;
      }
      // the lock that ends last decides the hour the clerk is told
      const locked = locks.filter((l) => l.until !== null).sort((a, b) => b.until!.localeCompare(a.until!))[0];
      if (locked) {
        // A refused attempt is not a failure: the lock ends 15 minutes after the last real one.
        await sessions.removeFailure(attempt);
        await audit.append({ actor: 'anonymous', action: 'login-locked', target: name, address, details: { scope: locked.scope } });
        throw new StationError('TOO_MANY_ATTEMPTS',
          `Prea multe încercări de autentificare nereușite. Încercați din nou după ora ${clockTime(locked.until!)}.`,
          { user: name, until: locked.until, scope: locked.scope });
      }
      const ok = await verifyPassword(user?.passwordHash ?? await dummyPasswordHash(deps.hashCost), password);
      if (!user || !ok || user.disabledAt !== null) {
        await audit.append({
          actor: 'anonymous', action: 'login-failed', target: name, address,
          details: { reason: !user ? 'unknown-user' : !ok ? 'wrong-password' : 'disabled' },
        });
        throw new StationError('UNAUTHORIZED', 'Numele de utilizator sau parola nu sunt corecte.');
      }
      await sessions.clearFailuresForUserAt(name, address); // this attempt's row too

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
