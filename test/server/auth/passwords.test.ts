/**
 * Password hashes: argon2id with the OWASP parameters unless the configuration says otherwise; the
 * cheaper cost the test suite uses is only ever chosen through the config schema
 * (`passwordHashCost`, PASSWORD_HASH_COST), and a hash keeps its own parameters when checked.
 */
import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../../server/src/auth/passwords.ts';
import { loadConfig } from '../../../server/src/config.ts';

const params = (h: string) => /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(h)?.slice(1).map(Number);

describe('password hashes', () => {
  it('are argon2id with 19 MiB, 2 passes and 1 lane by default (OWASP), for the users and the unknown-name check alike', async () => {
    const h = await hashPassword('k7mq-x2pa-9tfr-hw3c');
    expect(params(h)).toEqual([19456, 2, 1]);
    expect(params(await dummyPasswordHash())).toEqual([19456, 2, 1]);
    expect(await verifyPassword(h, 'k7mq-x2pa-9tfr-hw3c')).toBe(true);
    expect(await verifyPassword(h, 'k7mq-x2pa-9tfr-hw3d')).toBe(false);
  });

  it('the test-only cost is cheaper, and a hash is checked with its own parameters whatever the setting', async () => {
    const weak = await hashPassword('k7mq-x2pa-9tfr-hw3c', 'test-only-weak');
    expect(params(weak)).toEqual([1024, 1, 1]);
    expect(params(await dummyPasswordHash('test-only-weak'))).toEqual([1024, 1, 1]);
    expect(await verifyPassword(weak, 'k7mq-x2pa-9tfr-hw3c')).toBe(true);
    expect(await verifyPassword(weak, 'gresit-gresit')).toBe(false);
  });

  it('the configuration says standard unless PASSWORD_HASH_COST chooses the test cost; any other value is refused', () => {
    expect(loadConfig({}, '/tmp').passwordHashCost).toBe('standard');
    expect(loadConfig({ PASSWORD_HASH_COST: 'test-only-weak' }, '/tmp').passwordHashCost).toBe('test-only-weak');
    expect(() => loadConfig({ PASSWORD_HASH_COST: 'weak' }, '/tmp')).toThrow(/PASSWORD_HASH_COST.*standard, test-only-weak/);
  });
});
