/**
 * THE access table: every route of the registry server and who may call it. One row per route
 * (`METHOD /path` as registered); a route missing here makes the app refuse to start, and the one
 * `onRequest` hook (`access-control.ts`) enforces the rows.
 *
 * A row lists callers: `anonymous` (anybody, credentials are not even looked at) or roles. A caller
 * is a principal carrying roles; it passes when one of its roles is in the row. To add user roles
 * (e.g. `registratura`, `raport` for the web app's cookie sessions): add them to `ROLES` and
 * `ROLE_NAMES`, add them to the rows they may call, and add an identifier that turns a session into
 * a principal with those roles (`access-control.ts`).
 */
export const ROLES = ['admin', 'station', 'registratura', 'raport'] as const;
export type Role = (typeof ROLES)[number];
export type Caller = 'anonymous' | Role;

/** Romanian, in the dative: «Operațiune permisă doar administratorului.» */
export const ROLE_NAMES: Record<Role, string> = {
  admin: 'administratorului',
  station: 'stațiilor de scanare',
  registratura: 'registraturii',
  raport: 'celor care întocmesc rapoartele',
};

/** People (web sessions) carry one of these; the admin token counts as `admin`. */
const PEOPLE = ['admin', 'registratura', 'raport'] as const;

export const ACCESS_RULES = {
  'GET /api/health': ['anonymous'],
  'GET /docs': ['anonymous'],
  'GET /docs/json': ['anonymous'],
  // The web app's files (the pages themselves ask for a session through the API).
  'GET /': ['anonymous'],
  'GET /assets/*': ['anonymous'],
  'POST /api/session': ['anonymous'],
  'GET /api/session': PEOPLE,
  'DELETE /api/session': PEOPLE,
  'POST /api/stations': ['admin'],
  'GET /api/stations': ['admin'],
  'POST /api/stations/:name/token': ['admin'],
  'POST /api/stations/:name/revoke': ['admin'],
  'POST /api/batches': ['station'],
  // which of its reports the registry holds (a station re-sends those a restored database lost)
  'POST /api/batches/held': ['station'],
  'GET /api/batches/:station/:batchId/versions': ['admin', 'registratura'],
  'POST /api/borderouri': ['admin', 'registratura'],
  'POST /api/borderouri/preview': ['admin', 'registratura'],
  'GET /api/borderouri': ['admin', 'registratura'],
  // the day's borderou as uploaded: stations take it for their scan (and the registry may look)
  'GET /api/borderouri/current': ['station', 'admin', 'registratura'],
  'GET /api/reconciliation': ['admin', 'registratura'],
  'GET /api/reconciliation/documents': ['admin', 'registratura'],
  'GET /api/reports/weekly': ['admin', 'raport'],
  'GET /api/reports/weekly/scanning.docx': ['admin', 'raport'],
  'GET /api/reports/weekly/scanning.pdf': ['admin', 'raport'],
  // Closing a week changes no registry data: it keeps the figures of a report already sent.
  'POST /api/reports/weekly/close': ['admin', 'raport'],
  'GET /api/audit': ['admin'],
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'POST /api/users/:name/password': ['admin'],
  'POST /api/users/:name/disable': ['admin'],
  'POST /api/users/:name/enable': ['admin'],
} as const satisfies Record<string, readonly Caller[]>;

export type RouteKey = keyof typeof ACCESS_RULES;

/** The row of a route (`HEAD` follows its `GET`), or undefined when the table has none. */
export function accessRule(method: string, url: string): readonly Caller[] | undefined {
  const key = `${method === 'HEAD' ? 'GET' : method} ${url}`;
  return Object.hasOwn(ACCESS_RULES, key) ? ACCESS_RULES[key as RouteKey] : undefined;
}

/** «Operațiune permisă doar administratorului.» / «… doar administratorului și stațiilor de scanare.» */
export function refusalMessage(allowed: readonly Caller[]): string {
  const names = allowed.filter((c): c is Role => c !== 'anonymous').map((r) => ROLE_NAMES[r]);
  return `Operațiune permisă doar ${names.join(' și ')}.`;
}
