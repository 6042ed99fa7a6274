/** Calls to the registry API from the pages: same origin, session cookie, CSRF token on changes. */

export interface Problem {
  line?: number;
  path?: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly problems: Problem[] = []) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export interface RequestInit2 {
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function request(method: string, path: string, init: RequestInit2 = {}): Promise<Response> {
  const headers: Record<string, string> = { ...init.headers };
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.contentType) {
    headers['content-type'] = init.contentType;
  }
  if (method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'SERVER_UNREACHABLE', 'Serverul registraturii nu răspunde. Verificați conexiunea și încercați din nou.');
  }
  if (!response.ok && response.status !== 304) {
    let code = 'INTERNAL';
    let message = `Eroare ${response.status}.`;
    let problems: Problem[] = [];
    try {
      const data = (await response.json()) as { error?: { code: string; message: string; problems?: Problem[] } };
      if (data.error) ({ code, message } = data.error), (problems = data.error.problems ?? []);
    } catch {
      /* not JSON */
    }
    if (response.status === 401 && path !== '/api/session') window.dispatchEvent(new CustomEvent('session-lost'));
    throw new ApiError(response.status, code, message, problems);
  }
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request('GET', path)).json()) as T;
}

export async function sendJson<T>(method: string, path: string, json?: unknown): Promise<T> {
  const response = await request(method, path, json === undefined ? {} : { json });
  return (response.status === 204 ? undefined : await response.json()) as T;
}
