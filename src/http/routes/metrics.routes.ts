import { z } from '@hono/zod-openapi';
import type { Registry } from 'prom-client';
import type { HttpApp } from '../app.js';
import { errors } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const route = defineRoute({
  access: 'executions:read',
  method: 'get',
  path: '/metrics',
  tags: ['System'],
  summary: 'Prometheus metrics; scrape with an API token that has executions:read (bearer)',
  responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } }, ...errors },
});

export function registerMetricsRoutes(app: HttpApp, registry: Registry): void {
  app.openapi(route, async (c) => {
    const text = await registry.metrics();
    return c.text(text, 200, { 'content-type': registry.contentType });
  });
}
