import { z } from '@hono/zod-openapi';
import { retentionPolicySchema } from '../../domain/retention.js';
import type { RetentionService } from '../../services/retention/retention.service.js';
import { ValidationError } from '../../lib/errors.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json } from '../schemas/common.js';

const Planned = z.object({
  key: z.string(), startedAt: z.string(), source: z.string(), database: z.string().nullable(), size: z.number(), locked: z.boolean(),
});
const PreviewSchema = z
  .object({
    policy: retentionPolicySchema,
    timeZone: z.string(),
    destinations: z.array(z.object({
      destinationId: z.string(),
      destinationName: z.string(),
      keep: z.array(Planned.extend({ reasons: z.array(z.string()) })),
      delete: z.array(Planned),
      summary: z.object({ kept: z.number(), deleted: z.number(), freedBytes: z.number() }).nullable(),
      error: z.string().nullable(),
    })),
  })
  .openapi('RetentionPreview');
const PreviewBody = z.object({ policy: retentionPolicySchema.optional().openapi({ description: "A policy to try before saving it; default: the job's" }) });

type View = { key: string; startedAt: string; source: { name: string }; database: string | null; storedSize: number; locked: boolean };
const planned = (b: View) => ({ key: b.key, startedAt: b.startedAt, source: b.source.name, database: b.database, size: b.storedSize, locked: b.locked });

export function registerRetentionRoutes(app: HttpApp, retention: RetentionService): void {
  app.openapi(defineRoute({ access: 'jobs:read', method: 'post', path: '/api/v1/jobs/{id}/retention/preview', tags: ['Jobs'], summary: 'Dry run: what a retention policy would keep and delete on each destination now', request: { params: IdParams, body: { required: false, content: { 'application/json': { schema: PreviewBody } } } }, responses: { 200: json(PreviewSchema), ...errorResponses } }),
    async (c) => {
      const preview = await retention.preview(c.req.valid('param').id, (await optionalJson(() => c.req.text())).policy);
      return c.json({
        policy: preview.policy,
        timeZone: preview.timeZone,
        destinations: preview.destinations.map((d) => ({
          destinationId: d.destinationId,
          destinationName: d.destinationName,
          keep: d.plan?.keep.map((k) => ({ ...planned(k.backup), reasons: k.reasons })) ?? [],
          delete: d.plan?.delete.map(planned) ?? [],
          summary: d.plan?.summary ?? null,
          error: d.error,
        })),
      }, 200);
    });
}

/** The body is optional: none (or an empty one) previews the job's saved policy. */
async function optionalJson(read: () => Promise<string>): Promise<{ policy?: unknown }> {
  const text = await read();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as { policy?: unknown };
  } catch {
    throw new ValidationError('The body must be JSON: { "policy": { ... } } or nothing');
  }
}
