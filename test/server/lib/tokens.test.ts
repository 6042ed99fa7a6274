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

  it('reads only well-formed bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
