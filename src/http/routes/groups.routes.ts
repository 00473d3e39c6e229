import { z } from '@hono/zod-openapi';
import type { AccessServices } from '../../services/access/access.js';
import { groupInputSchema, groupPatchSchema } from '../../services/access/groups.service.js';
import type { HttpApp } from '../app.js';
import { GroupSchema, IdParam, body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const GroupInput = groupInputSchema;
const GroupPatch = groupPatchSchema;
const tags = ['Groups'];

export function registerGroupsRoutes(app: HttpApp, access: AccessServices): void {
  app.openapi(
    defineRoute({ access: 'users:read', method: 'get', path: '/api/v1/groups', tags, summary: 'Built-in and custom groups with their permissions', responses: { 200: ok(z.array(GroupSchema)), ...errors } }),
    async (c) => c.json(await access.groups.list(), 200),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'post', path: '/api/v1/groups', tags, summary: 'Create a custom group', request: body(GroupInput), responses: { 201: ok(GroupSchema, 'Created'), ...errors } }),
    async (c) => c.json(await access.groups.create(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'patch', path: '/api/v1/groups/{id}', tags, summary: 'Change a custom group', request: { params: IdParam, ...body(GroupPatch) }, responses: { 200: ok(GroupSchema), ...errors } }),
    async (c) => c.json(await access.groups.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute({ access: 'users:write', method: 'delete', path: '/api/v1/groups/{id}', tags, summary: 'Delete a custom group', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } }),
    async (c) => {
      await access.groups.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
