/** Reads the hand-written WIA protocol samples in fixtures/captures/ (see wia-README.md there). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function wiaCapture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../../../fixtures/captures/${name}`, import.meta.url)), 'utf8');
}
