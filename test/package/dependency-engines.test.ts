/**
 * Every package the lock installs accepts the Node running the tests (Node 20, as in CI): `npm install`
 * prints an EBADENGINE warning for each one that does not. docx 9.15 asks for nanoid 6
 * (Node 22+), which it never loads (its dist bundles its own copy): `overrides` pins nanoid 5 there.
 * content-disposition 3 (@fastify/static) and cookie 2 (light-my-request, under fastify.inject) are
 * ES modules loaded with require(), which Node 20 does only from 20.19: their CommonJS majors (2 and
 * 1) have the same functions and are pinned the same way.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (name: string) => JSON.parse(readFileSync(path.join(ROOT, name), 'utf8')) as Record<string, unknown>;

const installed = (where: string) => JSON.parse(readFileSync(path.join(ROOT, where, 'package.json'), 'utf8')) as { version: string; type?: string };
const resolvedFrom = (parent: string, name: string) =>
  [`node_modules/${parent}/node_modules/${name}`, `node_modules/${name}`].find((w) => existsSync(path.join(ROOT, w, 'package.json')))!;

describe('dependency engines', () => {
  it('no installed package refuses this Node', () => {
    const node = process.version;
    const lock = read('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const refused = Object.entries(lock.packages)
      .filter(([, p]) => p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(node, p.engines.node))
      .map(([where, p]) => `${where}@${p.version}`);
    expect(refused).toEqual([]);
  });

  it('docx gets a nanoid that runs on Node 20, and docx itself never loads nanoid', () => {
    const lock = read('package-lock.json') as { packages: Record<string, { version: string; engines?: { node?: string } }> };
    const nanoid = lock.packages['node_modules/docx/node_modules/nanoid'] ?? lock.packages['node_modules/nanoid'];
    expect(semver.major(nanoid!.version)).toBe(5);
    const dist = readFileSync(path.join(ROOT, 'node_modules/docx/dist/index.mjs'), 'utf8');
    expect(dist).not.toMatch(/from\s*["']nanoid/);
  });

  it('what CommonJS packages require() is CommonJS (require of an ES module needs Node 20.19)', () => {
    for (const [parent, name] of [['@fastify/static', 'content-disposition'], ['light-my-request', 'cookie']] as const) {
      const dep = installed(resolvedFrom(parent, name));
      expect(installed(`node_modules/${parent}`).type ?? 'commonjs').toBe('commonjs');
      expect({ name, type: dep.type ?? 'commonjs' }).toEqual({ name, type: 'commonjs' });
    }
  });
});
