import { z } from '@hono/zod-openapi';
import type { AccessServices } from '../../services/access/access.js';
import { emailSchema, passwordSchema } from '../../services/access/users.service.js';
import type { HttpApp } from '../app.js';
import { IdParam, UserSchema, body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const groups = z.array(z.string().min(1).max(100)).max(50);
const UserCreate = z
  .object({ email: emailSchema, name: z.string().trim().max(128).optional(), password: passwordSchema.optional(), groups: groups.default([]) })
  .openapi('UserCreate');
const UserPatch = z.object({ name: z.string().trim().min(1).max(128).optional(), groups: groups.optional() }).openapi('UserPatch');
const PasswordSet = z.object({ password: passwordSchema }).openapi('PasswordSet');
const tags = ['Users'];

export function registerUsersRoutes(app: HttpApp, access: AccessServices): void {
  app.openapi(
    defineRoute({ access: 'users:read', method: 'get', path: '/api/v1/users', tags, summary: 'List users', responses: { 200: ok(z.array(UserSchema)), ...errors } }),
    async (c) => c.json(await access.users.list(), 200),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'post', path: '/api/v1/users', tags, summary: 'Create a user (password optional for SSO-only users)', request: body(UserCreate), responses: { 201: ok(UserSchema, 'Created'), ...errors } }),
    async (c) => c.json(await access.users.create(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute({ access: 'users:read', method: 'get', path: '/api/v1/users/{id}', tags, summary: 'One user', request: { params: IdParam }, responses: { 200: ok(UserSchema), ...errors } }),
    async (c) => c.json(await access.users.get(c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'patch', path: '/api/v1/users/{id}', tags, summary: 'Rename a user or set their groups', request: { params: IdParam, ...body(UserPatch) }, responses: { 200: ok(UserSchema), ...errors } }),
    async (c) => c.json(await access.users.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'put', path: '/api/v1/users/{id}/password', tags, summary: 'Set a user\'s password; ends all their sessions', request: { params: IdParam, ...body(PasswordSet) }, responses: { 204: { description: 'Done' }, ...errors } }),
    async (c) => {
      await access.users.setPassword(c.req.valid('param').id, c.req.valid('json').password);
      return c.body(null, 204);
    },
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'delete', path: '/api/v1/users/{id}', tags, summary: 'Delete a user (never the last administrator)', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } }),
    async (c) => {
      await access.users.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
