/** Passwords: argon2id hashes (@node-rs/argon2, its defaults follow OWASP) and generated first passwords. */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHashCost } from '../config.ts';

export type { PasswordHashCost } from '../config.ts';

/** Letters and digits that cannot be confused when read aloud or from paper (no 0/O, 1/l/I). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 4 groups of 4, e.g. `k7mq-x2pa-9tfr-hw3c` (about 79 bits). */
export function generatePassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}

export const PASSWORD_MIN_LENGTH = 10;

/**
 * How costly a password hash is to make (config `passwordHashCost`). `standard`, the default and the
 * only one for a real registry: argon2id with the library's OWASP parameters (19 MiB, 2 passes, 1
 * lane). `test-only-weak`: 1 MiB, 1 pass, for the test suite's hundreds of logins only; a hash keeps
 * its parameters, so a standard hash is checked as standard whatever the setting.
 */
const COST_OPTIONS: Record<PasswordHashCost, { memoryCost?: number; timeCost?: number; parallelism?: number }> = {
  standard: {},
  'test-only-weak': { memoryCost: 1024, timeCost: 1, parallelism: 1 },
};

export function hashPassword(password: string, cost: PasswordHashCost = 'standard'): Promise<string> {
  // algorithm 2 = Argon2id (the library's const enum cannot be imported under isolatedModules).
  return hash(password, { algorithm: 2, ...COST_OPTIONS[cost] });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so both cases take the same time (same cost as the users'). */
const dummyHashes = new Map<PasswordHashCost, Promise<string>>();
export function dummyPasswordHash(cost: PasswordHashCost = 'standard'): Promise<string> {
  let h = dummyHashes.get(cost);
  if (!h) dummyHashes.set(cost, (h = hashPassword(generatePassword(), cost)));
  return h;
}
