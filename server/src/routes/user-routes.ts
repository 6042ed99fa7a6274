/**
 * Admin: web users. `GET /api/users`, `POST /api/users` (name, role; the first password is in the
 * answer, once), `POST /api/users/:name/password` (a new password, once; sessions end),
 * `POST /api/users/:name/disable` and `…/enable`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalLabel } from '../access/access-control.ts';
import type { RouteContext } from '../context.ts';
import { addUser, resetPassword, setUserDisabled, type UserChange } from '../services/manage-users.ts';
import { errorResponses } from './error-responses.ts';

const ROLE = { type: 'string', enum: ['admin', 'registratura', 'raport'] } as const;
const NAME = { type: 'string', minLength: 2, maxLength: 64 } as const;

const userListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'role', 'createdAt', 'passwordChangedAt', 'disabledAt'],
        properties: {
          name: { type: 'string' }, role: ROLE, createdAt: { type: 'string' },
          passwordChangedAt: { type: 'string' }, disabledAt: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;

const passwordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'password'],
  properties: { name: { type: 'string' }, role: ROLE, password: { type: 'string' } },
} as const;

const paramsSchema = { type: 'object', additionalProperties: false, required: ['name'], properties: { name: NAME } } as const;

export async function userRoutes(app: FastifyInstance, { repos, now, hashCost }: RouteContext): Promise<void> {
  const change = (request: FastifyRequest): UserChange => ({
    users: repos.users, audit: repos.audit, now: now(), address: request.ip, hashCost,
    actor: request.principal ? principalLabel(request.principal) : 'anonymous',
  });
  const self = (request: FastifyRequest) => (request.principal?.kind === 'user' ? request.principal.user.name : undefined);

  app.get('/api/users', {
    schema: { summary: 'Utilizatorii aplicației web', tags: ['utilizatori'], security: [{ bearer: [] }], response: { 200: userListSchema, ...errorResponses(403) } },
  }, async () => ({ users: await repos.users.list() }));

  app.post<{ Body: { name: string; role: string } }>('/api/users', {
    schema: {
      summary: 'Creează un utilizator; parola lui inițială apare în răspuns o singură dată',
      tags: ['utilizatori'],
      security: [{ bearer: [] }],
      body: { type: 'object', additionalProperties: false, required: ['name', 'role'], properties: { name: NAME, role: ROLE } },
      response: { 201: passwordSchema, ...errorResponses(400, 403, 409) },
    },
  }, async (request, reply) => {
    const { name, role } = request.body;
    const password = await addUser(change(request), name, role);
    return reply.code(201).send({ name, role, password });
  });

  app.post<{ Params: { name: string } }>('/api/users/:name/password', {
    schema: {
      summary: 'Parolă nouă pentru un utilizator (apare o singură dată); sesiunile lui se închid',
      tags: ['utilizatori'], security: [{ bearer: [] }], params: paramsSchema,
      response: { 201: passwordSchema, ...errorResponses(400, 403, 404) },
    },
  }, async (request, reply) => {
    const password = await resetPassword(change(request), request.params.name);
    return reply.code(201).send({ name: (await repos.users.require(request.params.name)).name, password });
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post<{ Params: { name: string } }>(`/api/users/:name/${action}`, {
      schema: {
        summary: action === 'disable' ? 'Dezactivează un utilizator (sesiunile lui se închid)' : 'Reactivează un utilizator',
        tags: ['utilizatori'], security: [{ bearer: [] }], params: paramsSchema,
        response: { 204: { type: 'null' }, ...errorResponses(400, 403, 404, 409) },
      },
    }, async (request, reply) => {
      await setUserDisabled(change(request), request.params.name, action === 'disable', self(request));
      return reply.code(204).send();
    });
  }
}
