import { z } from '@hono/zod-openapi';
import type { SourcesService } from '../../services/sources.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { ConfigSchema, IdParams, NameSchema, errorResponses, json } from '../schemas/common.js';
import { registerConfiguredRoutes } from './configured.routes.js';

const SourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    engine: z.string(),
    config: ConfigSchema,
    environment: z.string().nullable(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Source');

const SourceCreateSchema = z
  .object({
    name: NameSchema,
    kind: z.string().min(1).max(50),
    config: ConfigSchema,
    environment: z.string().trim().max(50).nullable().optional().openapi({ example: 'production' }),
    active: z.boolean().optional(),
  })
  .openapi('SourceCreate');

const SourcePatchSchema = SourceCreateSchema.partial().openapi('SourcePatch');

const TestResultSchema = z.object({ ok: z.literal(true), engine: z.string(), serverVersion: z.string() }).openapi('SourceTestResult');

export function registerSourcesRoutes(app: HttpApp, sources: SourcesService): void {
  registerConfiguredRoutes(app, {
    resource: 'sources',
    tag: 'Sources',
    view: SourceSchema,
    create: SourceCreateSchema,
    patch: SourcePatchSchema,
    plugins: () => sources.plugins.values(),
    service: sources,
  });
  app.openapi(
    defineRoute({ access: 'sources:read', method: 'post', path: '/api/v1/sources/{id}/test', tags: ['Sources'], summary: 'Test the connection', request: { params: IdParams }, responses: { 200: json(TestResultSchema), ...errorResponses } }),
    async (c) => c.json({ ok: true as const, ...(await sources.test(c.req.valid('param').id, AbortSignal.timeout(15_000))) }, 200),
  );
  app.openapi(
    defineRoute({ access: 'sources:read', method: 'get', path: '/api/v1/sources/{id}/databases', tags: ['Sources'], summary: 'Databases this source can back up', request: { params: IdParams }, responses: { 200: json(z.array(z.string())), ...errorResponses } }),
    async (c) => c.json(await sources.listDatabases(c.req.valid('param').id, AbortSignal.timeout(15_000)), 200),
  );
}
