/** The SHA-256 of bytes held and of a file streamed, as WebCrypto computes it. */
import { webcrypto } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256File, sha256Hex } from '../../../station/src/fs/sha256.ts';

describe('sha256Hex', () => {
  it('is the SHA-256 of the bytes, small and large (a view into a larger buffer: only its own bytes)', async () => {
    for (const size of [1, 1024 * 1024, 32 * 1024 * 1024 + 1]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31) & 255);
      expect(sha256Hex(bytes)).toBe(Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex'));
    }
    const within = new Uint8Array(100).map((_, i) => i).subarray(10, 60);
    expect(sha256Hex(within)).toBe(Buffer.from(await webcrypto.subtle.digest('SHA-256', within.slice())).toString('hex'));
  });
});

describe('sha256File', () => {
  it('is the SHA-256 of the file, read as a stream in several chunks', async () => {
    const bytes = new Uint8Array(3 * 64 * 1024 + 5).map((_, i) => (i * 17) & 255);
    const file = path.join(tmpdir(), `scan-station-sha256-${process.pid}.bin`);
    await writeFile(file, bytes);
    try {
      expect(await sha256File(file)).toBe(Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex'));
    } finally {
      await rm(file, { force: true });
    }
  });
});
