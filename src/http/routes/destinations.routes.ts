import { z } from '@hono/zod-openapi';
import type { DestinationsService } from '../../services/destinations.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { ConfigSchema, IdParams, NameSchema, errorResponses, json } from '../schemas/common.js';
import { registerConfiguredRoutes } from './configured.routes.js';

const DestinationSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), config: ConfigSchema, createdAt: z.string(), updatedAt: z.string() })
  .openapi('Destination');

const DestinationCreateSchema = z.object({ name: NameSchema, kind: z.string().min(1).max(50), config: ConfigSchema }).openapi('DestinationCreate');

export function registerDestinationsRoutes(app: HttpApp, destinations: DestinationsService): void {
  registerConfiguredRoutes(app, {
    resource: 'destinations',
    tag: 'Destinations',
    view: DestinationSchema,
    create: DestinationCreateSchema,
    patch: DestinationCreateSchema.partial().openapi('DestinationPatch'),
    plugins: () => destinations.plugins.values(),
    service: destinations,
  });
  app.openapi(
    defineRoute({ access: 'destinations:read', method: 'post', path: '/api/v1/destinations/{id}/test', tags: ['Destinations'], summary: 'Test the connection and write permission', request: { params: IdParams }, responses: { 200: json(z.object({ ok: z.literal(true) })), ...errorResponses } }),
    async (c) => {
      await destinations.test(c.req.valid('param').id);
      return c.json({ ok: true as const }, 200);
    },
  );
}
