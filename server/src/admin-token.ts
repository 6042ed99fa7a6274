/**
 * The admin token: from the configuration, or generated on first start and kept in
 * `<dataDir>/admin-token` (mode 0600) so later starts reuse it.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StationError } from '../../shared/src/errors.ts';
import { ensurePrivateDir } from '../../shared/src/private-files.ts';
import { generateToken } from './lib/tokens.ts';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminToken {
  token: string;
  /** The file holding it, when it was not configured. */
  file: string | undefined;
  /** True when this call generated it. */
  created: boolean;
}

export function resolveAdminToken(configured: string | undefined, dataDir: string): AdminToken {
  if (configured !== undefined) return { token: configured, file: undefined, created: false };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  ensurePrivateDir(dataDir);
  const token = generateToken();
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return { token, file, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const stored = readFileSync(file, 'utf8').trim();
  if (stored.length < 16) {
    throw new StationError('CONFIG_INVALID', `Fișierul ${file} nu conține un token de administrare valid.`, { file });
  }
  return { token: stored, file, created: false };
}
