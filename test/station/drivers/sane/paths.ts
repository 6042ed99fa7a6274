/** Where the SANE driver tests find their captures. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** Real scanners' outputs (third-party data, read in place, never copied into the repository). */
export const sharedCaptures = path.resolve(repoRoot, '../shared/scanimage-captures');
/** Outputs of the local SANE `test` backend, committed with the driver. */
export const ownCaptures = path.join(repoRoot, 'fixtures/captures');

export function sharedCapture(name: string): string {
  return readFileSync(path.join(sharedCaptures, name), 'utf8');
}

export function ownCapture(name: string): string {
  return readFileSync(path.join(ownCaptures, name), 'utf8');
}
