import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveAdminToken } from '../../server/src/admin-token.ts';
import { tempDir } from './helpers/test-app.ts';

describe('admin token', () => {
  it('generates the admin token once, mode 0600, and reuses it', () => {
    const dir = tempDir();
    const first = resolveAdminToken(undefined, dir);
    expect(first.created).toBe(true);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    const again = resolveAdminToken(undefined, dir);
    expect(again).toEqual({ token: first.token, file: first.file, created: false });
    expect(resolveAdminToken('configured-token-123456', dir)).toEqual({ token: 'configured-token-123456', file: undefined, created: false });
  });
});
