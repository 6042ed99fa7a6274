/**
 * Server configuration: one schema with defaults, read once from an optional JSON file
 * (`SERVER_CONFIG`) and the environment (environment wins). Unknown keys in the file are rejected.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { StationError } from '../../shared/src/errors.ts';
import { BORDEROU_CSV_MAX_BYTES } from '../../shared/src/schemas/borderou.ts';
import { isKnownTimeZone } from './lib/dates.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** New password hashes (auth/passwords.ts): `standard` argon2id (OWASP), the default; `test-only-weak` for the test suite only. */
export const PASSWORD_HASH_COSTS = ['standard', 'test-only-weak'] as const;
export type PasswordHashCost = (typeof PASSWORD_HASH_COSTS)[number];
/** When the session cookie is Secure (access/session-identifier.ts): `auto` when the browser talks HTTPS, `always` on every answer. */
export const SESSION_COOKIE_SECURE = ['auto', 'always'] as const;
export type SessionCookieSecure = (typeof SESSION_COOKIE_SECURE)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** Absolute path of the folder holding the SQLite file and the generated admin token. */
  dataDir: string;
  /** Admin bearer token; when absent one is generated under dataDir on first start. */
  adminToken: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Largest JSON request body, bytes. */
  bodyLimit: number;
  /** Largest borderou CSV upload, bytes. */
  csvBodyLimit: number;
  /** Time zone that decides on which day a batch was scanned. */
  timeZone: string;
  /** `postgres://…`: the registry lives in PostgreSQL; absent: SQLite in dataDir. File key `database.url`. */
  databaseUrl: string | undefined;
  /** How costly new password hashes are (auth/passwords.ts): `standard` (argon2id, OWASP); `test-only-weak` for the test suite only. */
  passwordHashCost: PasswordHashCost;
  /**
   * The reverse proxies whose `X-Forwarded-For` names the client (addresses or CIDR ranges, comma-separated);
   * absent (the default): no proxy is trusted, the client is the socket's address.
   */
  trustProxy: string | undefined;
  /**
   * When the session cookie is Secure: `auto` (the default) over HTTPS, to this server or to a proxy in
   * trustProxy that says so in `X-Forwarded-Proto`; `always`: HTTPS ended by a proxy that does not say so.
   */
  sessionCookieSecure: SessionCookieSecure;
}

export const ADMIN_TOKEN_MIN = 16;
export const ADMIN_TOKEN_MAX = 512;

/** Why an admin token is refused: too short or long, or characters other than visible ASCII. */
function adminTokenProblem(token: string): string | null {
  if (token.length < ADMIN_TOKEN_MIN) {
    return `este prea scurt: are ${token.length} caractere, trebuie cel puțin ${ADMIN_TOKEN_MIN}; lăsați-l nesetat și serverul generează unul în <DATA_DIR>/admin-token`;
  }
  if (token.length > ADMIN_TOKEN_MAX) return `este prea lung: are ${token.length} caractere, cel mult ${ADMIN_TOKEN_MAX}`;
  if (!/^[\x21-\x7e]+$/.test(token)) return 'poate conține doar caractere ASCII vizibile (fără spații, diacritice sau caractere de control)';
  return null;
}

/** Why a database URL is refused (never quoting it: it holds a password). */
function databaseUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'nu este o adresă validă (de exemplu postgres://utilizator:parola@gazda:5432/registratura)';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return 'trebuie să înceapă cu postgres:// (fără ea, registrul folosește SQLite în DATA_DIR)';
  }
  if (!parsed.hostname && !parsed.searchParams.has('host')) return 'nu numește gazda serverului PostgreSQL';
  return null;
}

/**
 * The widest range a proxy entry may name: a handful of proxy addresses (16), never the office
 * network, whose clerks could then write any address into X-Forwarded-For (dodging the lockout,
 * locking out a colleague, forging the audit log). So no /0, no LAN-wide range, and of proxy-addr's
 * named ranges only `loopback` (a proxy on the server's own machine).
 */
const NARROWEST_PREFIX = { 4: 28, 6: 124 } as const;

/** Why a list of trusted proxies is refused: each entry an IP address, a narrow CIDR range or loopback. */
function trustProxyProblem(list: string): string | null {
  for (const entry of list.split(',').map((e) => e.trim())) {
    if (entry === 'loopback') continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const widest = family === 6 ? NARROWEST_PREFIX[6] : NARROWEST_PREFIX[4];
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (family === 0 || !prefixOk || rest.length > 0) {
      return `„${entry}” nu este o adresă IP, un interval CIDR (de exemplu 10.0.0.5 sau 10.0.0.16/28) sau loopback; `
        + 'numiți doar proxy-urile inverse ale serverului, separate prin virgulă';
    }
    if (prefix !== undefined && Number(prefix) < widest) {
      return `„${entry}” cuprinde prea multe adrese (cel mult /${widest}): numiți doar proxy-urile inverse, nu rețeaua biroului, `
        + 'altfel orice calculator din ea ar putea pretinde altă adresă la autentificare';
    }
  }
  return null;
}

/** The trusted proxies as Fastify's `trustProxy` takes them. */
export const trustedProxies = (list: string | undefined): string[] | undefined =>
  list === undefined ? undefined : list.split(',').map((e) => e.trim());

/** `file`: the key in the JSON file when it is not the field's own (`database.url` is `{ "database": { "url": … } }`). */
type Field = { file?: string } & (
  | { env: string; kind: 'int'; min: number; max: number; default: number }
  /** `check` returns why a value is refused (Romanian, never the value itself: it may be a secret), or null. */
  | { env: string; kind: 'string'; default: string | undefined; check?: (v: string) => string | null }
  | { env: string; kind: 'enum'; values: readonly string[]; default: string });

/** The one schema: key in the JSON file, environment variable, type, default. */
const FIELDS: Record<keyof ServerConfig, Field> = {
  port: { env: 'PORT', kind: 'int', min: 0, max: 65535, default: 8080 },
  host: { env: 'HOST', kind: 'string', default: '127.0.0.1' },
  dataDir: { env: 'DATA_DIR', kind: 'string', default: './data' },
  adminToken: { env: 'ADMIN_TOKEN', kind: 'string', default: undefined, check: adminTokenProblem },
  logLevel: { env: 'LOG_LEVEL', kind: 'enum', values: LOG_LEVELS, default: 'info' },
  bodyLimit: { env: 'BODY_LIMIT', kind: 'int', min: 1024, max: 64 * 1024 * 1024, default: 2 * 1024 * 1024 },
  csvBodyLimit: { env: 'CSV_BODY_LIMIT', kind: 'int', min: 1024, max: 64 * 1024 * 1024, default: BORDEROU_CSV_MAX_BYTES },
  timeZone: {
    env: 'TIME_ZONE', kind: 'string', default: 'Europe/Bucharest',
    check: (v) => (isKnownTimeZone(v) ? null : 'nu este un fus orar cunoscut (de exemplu Europe/Bucharest)'),
  },
  databaseUrl: { env: 'DATABASE_URL', file: 'database.url', kind: 'string', default: undefined, check: databaseUrlProblem },
  passwordHashCost: { env: 'PASSWORD_HASH_COST', kind: 'enum', values: PASSWORD_HASH_COSTS, default: 'standard' },
  trustProxy: { env: 'TRUST_PROXY', kind: 'string', default: undefined, check: trustProxyProblem },
  sessionCookieSecure: { env: 'SESSION_COOKIE_SECURE', kind: 'enum', values: SESSION_COOKIE_SECURE, default: 'auto' },
};

const fileKey = (key: string): string => FIELDS[key as keyof ServerConfig].file ?? key;

function invalid(key: string, source: string, reason: string): StationError {
  return new StationError('CONFIG_INVALID', `Configurația nu este validă: „${key}” (${source}) ${reason}.`, { key, source });
}

function parseField(key: string, field: Field, raw: unknown, source: string): unknown {
  const fromEnv = source !== 'fișierul de configurare';
  if (field.kind === 'int') {
    const value = fromEnv && typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < field.min || value > field.max) {
      throw invalid(key, source, `trebuie să fie un număr întreg între ${field.min} și ${field.max}`);
    }
    return value;
  }
  if (typeof raw !== 'string' || raw.length === 0) throw invalid(key, source, 'trebuie să fie un text nevid');
  if (field.kind === 'enum' && !field.values.includes(raw)) {
    throw invalid(key, source, `trebuie să fie una dintre valorile ${field.values.join(', ')}`);
  }
  const problem = field.kind === 'string' && field.check ? field.check(raw) : null;
  if (problem !== null) throw invalid(key, source, problem);
  return raw;
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new StationError('CONFIG_INVALID', `Fișierul de configurare ${file} nu poate fi citit ca JSON.`, { file }, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StationError('CONFIG_INVALID', `Fișierul de configurare ${file} trebuie să conțină un obiect JSON.`, { file });
  }
  // One level of nesting (`{ "database": { "url": … } }`) is read as dotted keys (`database.url`).
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const nested = Object.keys(FIELDS).some((k) => fileKey(k).startsWith(`${key}.`));
    if (nested && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) flat[`${key}.${inner}`] = innerValue;
    } else {
      flat[key] = value;
    }
  }
  const known = new Set(Object.keys(FIELDS).map(fileKey));
  const unknown = Object.keys(flat).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new StationError('CONFIG_INVALID', `Chei necunoscute în ${file}: ${unknown.join(', ')}.`, { file, unknown });
  }
  return flat;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServerConfig {
  const configFile = env.SERVER_CONFIG ? resolve(cwd, env.SERVER_CONFIG) : undefined;
  const fromFile = configFile ? readConfigFile(configFile) : {};
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FIELDS) as [keyof ServerConfig, Field][]) {
    const envValue = env[field.env];
    if (envValue !== undefined && envValue !== '') {
      values[key] = parseField(key, field, envValue, `variabila ${field.env}`);
    } else if (fromFile[fileKey(key)] !== undefined) {
      values[key] = parseField(fileKey(key), field, fromFile[fileKey(key)], 'fișierul de configurare');
    } else {
      values[key] = field.default;
    }
  }
  const config = values as unknown as ServerConfig;
  return { ...config, dataDir: resolve(cwd, config.dataDir) };
}
