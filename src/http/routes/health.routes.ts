import { z } from '@hono/zod-openapi';
import { defineRoute } from '../route.js';
import type { HttpApp } from '../app.js';

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    uptimeSeconds: z.number(),
    database: z.object({ dialect: z.string(), reachable: z.boolean() }),
  })
  .openapi('Health');

const route = defineRoute({
  access: 'public',
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Liveness and app database reachability (public)',
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } },
    503: { description: 'App database unreachable', content: { 'application/json': { schema: HealthSchema } } },
  },
});

export interface HealthDeps {
  version: string;
  startedAt: number;
  dialect: string;
  ping(): Promise<void>;
  now(): number;
}

export function registerHealthRoutes(app: HttpApp, deps: HealthDeps): void {
  app.openapi(route, async (c) => {
    const reachable = await deps.ping().then(
      () => true,
      () => false,
    );
    const report = {
      status: reachable ? ('ok' as const) : ('degraded' as const),
      version: deps.version,
      uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000),
      database: { dialect: deps.dialect, reachable },
    };
    return reachable ? c.json(report, 200) : c.json(report, 503);
  });
}
