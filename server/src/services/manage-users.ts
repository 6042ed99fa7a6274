/**
 * Managing web users, the same for `server user …` and the admin's Utilizatori page: a first or new
 * password is generated here and returned once (only its argon2id hash is stored); every change goes
 * to the audit log with who made it.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { generatePassword, hashPassword, type PasswordHashCost } from '../auth/passwords.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import { USER_ROLES, type UserRepository, type UserRole } from '../repositories/user-repository.ts';

export const USER_NAME_PATTERN = /^[\p{L}\p{N}._-]{2,64}$/u;

export interface UserChange {
  users: UserRepository;
  audit: AuditRepository;
  /** 'cli', 'user:<name>' or 'admin' (token). */
  actor: string;
  address?: string | null;
  now: Date;
  /** config passwordHashCost (default standard). */
  hashCost?: PasswordHashCost;
}

export function checkUserName(name: string): void {
  if (!USER_NAME_PATTERN.test(name)) {
    throw new StationError('VALIDATION_FAILED', `Numele de utilizator „${name}” nu este valid: 2–64 litere, cifre, „.”, „_” sau „-”.`, {
      problems: [{ path: 'name', reason: '2–64 litere, cifre, „.”, „_” sau „-”' }],
    });
  }
}

export function checkRole(role: string): asserts role is UserRole {
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new StationError('VALIDATION_FAILED', `Rolul „${role}” nu există: ${USER_ROLES.join(', ')}.`);
  }
}

/** Returns the first password (shown once). */
export async function addUser(change: UserChange, name: string, role: string): Promise<string> {
  checkUserName(name);
  checkRole(role);
  const password = generatePassword();
  await change.users.create(name, role, await hashPassword(password, change.hashCost), change.now.toISOString());
  await change.audit.append({ actor: change.actor, action: 'user-add', target: name, address: change.address ?? null, details: { role } });
  return password;
}

/** A new password (shown once); the user's open sessions end. */
export async function resetPassword(change: UserChange, name: string): Promise<string> {
  const user = await change.users.require(name);
  const password = generatePassword();
  await change.users.changePassword(user.id, await hashPassword(password, change.hashCost), change.now.toISOString());
  await change.audit.append({ actor: change.actor, action: 'user-passwd', target: user.name, address: change.address ?? null });
  return password;
}

/** Disabling ends the user's sessions. Nobody disables their own account from the page (`self`). */
export async function setUserDisabled(change: UserChange, name: string, disabled: boolean, self?: string): Promise<void> {
  const user = await change.users.require(name);
  if (disabled && self !== undefined && user.name.toLowerCase() === self.toLowerCase()) {
    throw new StationError('CONFLICT', 'Nu vă puteți dezactiva propriul cont.');
  }
  await change.users.setDisabled(user.id, disabled ? change.now.toISOString() : null);
  await change.audit.append({ actor: change.actor, action: disabled ? 'user-disable' : 'user-enable', target: user.name, address: change.address ?? null });
}
