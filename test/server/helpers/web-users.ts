/** Web users for server tests: created through the real CLI (`server user add`), logged in over HTTP. */
import type { CliIo } from '../../../server/src/cli/io.ts';
import { main } from '../../../server/src/cli.ts';
import type { RegistryPlace } from './test-app.ts';

export interface CliRun { code: number; stdout: string[]; stderr: string[] }

/** `where`: a SQLite data folder, or a registry place (either engine). */
export async function runServerCli(where: string | RegistryPlace, args: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  // users made with the test-only hash cost, as the test apps make them (helpers/test-app.ts)
  const env: Record<string, string | undefined> = {
    PASSWORD_HASH_COST: 'test-only-weak',
    ...(typeof where === 'string' ? { DATA_DIR: where } : where.env),
  };
  const io: CliIo = { env, cwd: env.DATA_DIR!, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** `server user add <name> --role <role>`; returns the first password it printed. */
export async function addUser(where: string | RegistryPlace, name: string, role: string): Promise<string> {
  const run = await runServerCli(where, ['user', 'add', name, '--role', role]);
  if (run.code !== 0) throw new Error(`user add ${name}: ${run.stderr.join('\n')}`);
  return run.stdout.at(-1)!;
}

export interface WebSession {
  cookie: string;
  csrfToken: string;
  /** A request carrying the session cookie, and the CSRF token unless `csrf: false`. */
  request(method: string, path: string, init?: { json?: unknown; body?: Uint8Array | string; contentType?: string; csrf?: boolean | string }): Promise<Response>;
}

export async function login(base: string, name: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name, password }),
  });
}

export async function session(base: string, name: string, password: string): Promise<WebSession> {
  const response = await login(base, name, password);
  if (response.status !== 200) throw new Error(`login ${name}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    request(method, path, init = {}) {
      const headers: Record<string, string> = { cookie };
      const csrf = init.csrf ?? true;
      if (csrf !== false) headers['x-csrf-token'] = csrf === true ? csrfToken : csrf;
      let body = init.body;
      if (init.json !== undefined) {
        body = JSON.stringify(init.json);
        headers['content-type'] = 'application/json';
      }
      if (init.contentType) headers['content-type'] = init.contentType;
      return fetch(`${base}${path}`, { method, headers, body: body as BodyInit | undefined });
    },
  };
}
