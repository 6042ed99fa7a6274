import { describe, expect, it } from 'vitest';
import { bearerToken, generateToken, hashesEqual, hashToken } from '../../../server/src/lib/tokens.ts';

describe('tokens', () => {
  it('generates distinct url-safe tokens and hashes them with SHA-256', () => {
    const a = generateToken();
    const b = generateToken();
    expect(a).toMatch(/^sst_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashesEqual(hashToken(a), hashToken(a))).toBe(true);
    expect(hashesEqual(hashToken(a), hashToken(b))).toBe(false);
    expect(hashesEqual('zz', hashToken(a))).toBe(false);
  });

  it('hashes with plain SHA-256 over the UTF-8 bytes (known vectors)', () => {
    // FIPS 180-2 test vector for "abc", and one with Romanian letters (sha256sum of the UTF-8 bytes)
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('sst_ăș')).toBe('a49714ab91ed6ddef28ac146d327004261f8aeb99a234ce224bb45d7164ba328');
  });

  it('reads only well-formed bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
