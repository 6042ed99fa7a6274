/**
 * Logging in and out, and finding the session behind a cookie. Failed logins are counted in the
 * database, within a sliding 15-minute window, three ways:
 * - 5 failures of a name from one client address lock that name at that address (a clerk's own
 *   typos, or one PC guessing a colleague's password, lock no one else);
 * - 20 failures from one address, under any names, lock that address;
 * - 15 failures of a name from all addresses together (a guess spread over several PCs) lock that
 *   name at every address where it has not logged in within the last 30 days: the guess is slowed
 *   to 15 tries a quarter of an hour, and the user still logs in at their own PC (the audit log's
 *   `login` entries say where that is).
 * A lock lasts until the failure that made it (the 5th, 20th or 15th newest) is 15 minutes old; an
 * attempt refused meanwhile, even with the right password, is not counted, so the first two end at
 * the hour the clerk is told. The name-wide lock is not bounded: it ends at that hour, but the next
 * wrong password from anywhere brings it back, so someone sending one a minute from new addresses
 * keeps the name locked at every address but its known ones for as long as they keep on.
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
type LockScope = 'user-at-address' | 'address' | 'user';

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

/** The minute the lock has ended by (rounded up: «după ora 08:16» is never before it ends). */
function clockTime(iso: string): string {
  const minute = Math.ceil(Date.parse(iso) / 60_000) * 60_000;
  return new Intl.DateTimeFormat('ro-RO', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Bucharest' }).format(new Date(minute));
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

  // A lock lasts until the failure that made it (the limit-th newest) leaves the 15-minute window.
  const lockedUntil = (failure: string | null): string | null =>
    failure === null ? null : new Date(Date.parse(failure) + LOGIN_LIMITS.windowMs).toISOString();

  return {
    async login(name, password, address) {
      const at = now();
      const since = new Date(at.getTime() - LOGIN_LIMITS.windowMs).toISOString();
      await sessions.pruneFailures(new Date(at.getTime() - 24 * 3600_000).toISOString());
      // The attempt is written as a failure before anything is counted, so attempts at once on any
      // instance see each other: the i-th to be stored counts at least i, and at most `perUser` of
      // them from one address reach the password check (a check-then-record would let every one through).
      const attempt = await sessions.recordFailure(name, address, at.toISOString());
      // The failures stored before or beside this attempt that make each lock, in one query.
      const failures = await sessions.lockingFailures(attempt, name, address, since, LOGIN_LIMITS);
      const locks: Array<{ scope: LockScope; until: string | null }> = [
        { scope: 'user-at-address', until: lockedUntil(failures.userAtAddress) },
        { scope: 'address', until: lockedUntil(failures.address) },
        { scope: 'user', until: lockedUntil(failures.user) },
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
        // A refused attempt is not a failure: the locks count real wrong passwords only.
        await sessions.removeFailure(attempt);
        await audit.append({ actor: 'anonymous', action: 'login-locked', target: name, address, details: { scope: locked.scope } });
        // Attempts refused here are never counted: the locks of this address end at the hour told;
        // the name-wide one comes back with the next wrong password from any unlocked address.
        throw new StationError('TOO_MANY_ATTEMPTS', locked.scope === 'user'
          ? `Prea multe încercări de autentificare nereușite pentru acest nume, de la mai multe calculatoare. Încercați din nou după ora ${clockTime(locked.until!)}, `
            + 'dacă încercările greșite încetează până atunci, sau de la calculatorul de unde v-ați autentificat în ultimele 30 de zile. '
            + 'Anunțați administratorul: cineva încearcă parole pentru acest nume.'
          : `Prea multe încercări de autentificare nereușite. Încercați din nou după ora ${clockTime(locked.until!)}.`,
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
