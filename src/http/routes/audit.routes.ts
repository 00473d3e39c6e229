import { z } from '@hono/zod-openapi';
import type { AccessServices } from '../../services/access/access.js';
import { retentionSchema } from '../../services/access/audit.service.js';
import type { HttpApp } from '../app.js';
import { body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const EntrySchema = z
  .object({
    id: z.number(), at: z.string(),
    actor: z.object({ kind: z.string(), userId: z.string().nullable(), email: z.string().nullable(), tokenId: z.string().nullable() }),
    action: z.string(), target: z.string().nullable(), outcome: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEntry');
const Query = z.object({
  actor: z.string().max(254).optional().describe('User id or e-mail'),
  action: z.string().max(200).optional().describe('Prefix, e.g. "auth." or "POST /api/v1/jobs"'),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().positive().optional().describe('Id cursor: entries older than this one'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const Retention = retentionSchema;
const tags = ['Audit'];

export function registerAuditRoutes(app: HttpApp, access: AccessServices): void {
  app.openapi(
    defineRoute({ access: 'audit:read', method: 'get', path: '/api/v1/audit', tags, summary: 'Audit log, newest first, filterable', request: { query: Query }, responses: { 200: ok(z.array(EntrySchema)), ...errors } }),
    async (c) => {
      const q = c.req.valid('query');
      const iso = (v?: string) => (v ? new Date(v).toISOString() : undefined);
      return c.json(await access.audit.list({ ...q, from: iso(q.from), to: iso(q.to) }), 200);
    },
  );
  app.openapi(
    defineRoute({ access: 'audit:read', method: 'get', path: '/api/v1/audit/settings', tags, summary: 'How many days audit entries are kept', responses: { 200: ok(Retention), ...errors } }),
    async (c) => c.json({ retentionDays: await access.audit.retentionDays() }, 200),
  );
  app.openapi(
    defineRoute({ access: 'settings:write', method: 'put', path: '/api/v1/audit/settings', tags, summary: 'Set the audit retention (older entries are deleted now)', request: body(Retention), responses: { 200: ok(Retention), ...errors } }),
    async (c) => {
      await access.audit.setRetentionDays(c.req.valid('json').retentionDays);
      return c.json({ retentionDays: await access.audit.retentionDays() }, 200);
    },
  );
}
