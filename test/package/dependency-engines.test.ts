/**
 * Every package the lock installs accepts the Node running the tests (Node 20, as in CI): `npm install`
 * prints an EBADENGINE warning for each one that does not. docx 9.15 asks for nanoid 6
 * (Node 22+), which it never loads (its dist bundles its own copy): `overrides` pins nanoid 5 there.
 * Two packages are still known to ask for Node 22 and are checked by name, so a new one fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (name: string) => JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, unknown>;

/** Installed package → why it may still ask for a newer Node (its older majors lack the API its parent uses). */
const KNOWN: Record<string, string> = {
  'node_modules/content-disposition': '@fastify/static 10 uses `create`, only in content-disposition 3',
  'node_modules/cookie': 'light-my-request (fastify.inject, tests only) uses cookie 2',
};

describe('dependency engines', () => {
  it('no installed package refuses this Node, beyond the known two', () => {
    const node = process.version;
    const lock = read('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(node, p.engines.node))
      .map(([where, p]) => `${where}@${p.version}`);
    expect(refused.filter((r) => !Object.keys(KNOWN).some((k) => r.startsWith(`${k}@`)))).toEqual([]);
  });

  it('docx gets a nanoid that runs on Node 20, and docx itself never loads nanoid', () => {
    const lock = read('package-lock.json') as { packages: Record<string, { version: string; engines?: { node?: string } }> };
    const nanoid = lock.packages['node_modules/docx/node_modules/nanoid'] ?? lock.packages['node_modules/nanoid'];
    expect(semver.major(nanoid!.version)).toBe(5);
    const dist = readFileSync(path.join(ROOT, 'node_modules/docx/dist/index.mjs'), 'utf8');
    expect(dist).not.toMatch(/from\s*["']nanoid/);
  });
});
