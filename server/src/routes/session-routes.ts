/**
 * Web sessions: `POST /api/session` (log in: name and password; sets the session cookie),
 * `GET /api/session` (who is logged in, and the CSRF token the pages send back),
 * `DELETE /api/session` (log out).
 */
import type { FastifyInstance } from 'fastify';
import { StationError } from '../../../shared/src/errors.ts';
import type { RouteContext } from '../context.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../access/session-identifier.ts';
import { errorResponses } from './error-responses.ts';

const loginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

const sessionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['user', 'csrfToken'],
  properties: {
    user: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'role'],
      properties: { name: { type: 'string' }, role: { type: 'string', enum: ['admin', 'registratura', 'raport'] } },
    },
    csrfToken: { type: 'string' },
  },
} as const;

export async function sessionRoutes(app: FastifyInstance, { logins, sessionCookieSecure }: RouteContext): Promise<void> {
  app.post<{ Body: { name: string; password: string } }>('/api/session', {
    schema: {
      summary: 'Autentificare în aplicația web (nume și parolă); setează cookie-ul de sesiune',
      tags: ['sesiune'],
      body: loginSchema,
      response: { 200: sessionSchema, ...errorResponses(400, 429) },
    },
  }, async (request, reply) => {
    const { user, session, cookieValue } = await logins.login(request.body.name, request.body.password, request.ip);
    setSessionCookie(request, reply, cookieValue, sessionCookieSecure);
    request.log.info({ user: user.name }, 'login');
    return { user: { name: user.name, role: user.role }, csrfToken: session.csrfToken };
  });

  app.get('/api/session', {
    schema: {
      summary: 'Utilizatorul autentificat și tokenul anti-CSRF al sesiunii',
      tags: ['sesiune'],
      response: { 200: sessionSchema, ...errorResponses(403, 404) },
    },
  }, async (request) => {
    const principal = request.principal;
    if (principal?.kind !== 'user') throw new StationError('NOT_FOUND', 'Cererea nu vine dintr-o sesiune a aplicației web (un token nu are utilizator).');
    return { user: { name: principal.user.name, role: principal.user.role }, csrfToken: principal.session.csrfToken };
  });

  app.delete('/api/session', {
    schema: { summary: 'Ieșire din aplicația web (închide sesiunea)', tags: ['sesiune'], response: { 204: { type: 'null' }, ...errorResponses(403) } },
  }, async (request, reply) => {
    const value = readSessionCookie(request);
    if (value) await logins.logout(value);
    clearSessionCookie(request, reply, sessionCookieSecure);
    return reply.code(204).send();
  });
}
