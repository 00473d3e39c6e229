import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS, EXECUTION_TYPES, FINISHED_STATUSES } from '../../domain/job.js';
import type { ExecutionsService } from '../../services/executions/executions.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json } from '../schemas/common.js';
import { ExecutionSchema, LogLineSchema } from '../schemas/execution.js';

const csv = <T extends [string, ...string[]]>(values: T) =>
  z.string().max(2000).optional().transform((text, ctx) => {
    const items = text ? text.split(',').filter(Boolean) : [];
    const bad = items.find((i) => !(values as string[]).includes(i));
    if (bad) ctx.addIssue({ code: 'custom', message: `unknown value "${bad}"` });
    return items as T[number][];
  });
const ids = z.string().max(4000).optional().transform((text) => (text ? text.split(',').filter(Boolean) : []));

const ListQuery = z.object({
  status: csv([...EXECUTION_STATUSES]).openapi({ description: 'Comma-separated statuses' }),
  trigger: csv([...EXECUTION_TRIGGERS]),
  type: csv([...EXECUTION_TYPES]),
  jobId: ids,
  sourceId: ids,
  before: z.iso.datetime().optional().openapi({ description: 'Page: executions queued before this time (the previous answer\'s nextBefore)' }),
  beforeId: z.string().max(100).optional().openapi({ description: 'With before: also those queued at that very time with a smaller id (the previous answer\'s nextBeforeId)' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const FacetSchema = z.array(z.object({ value: z.string().nullable(), count: z.number() }));
const ListSchema = z
  .object({ items: z.array(ExecutionSchema), facets: z.object({ status: FacetSchema, job: FacetSchema, source: FacetSchema, trigger: FacetSchema }), nextBefore: z.string().nullable(), nextBeforeId: z.string().nullable() })
  .openapi('ExecutionList');
const LogsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) });
const tags = ['Executions'];

export function registerExecutionsRoutes(app: HttpApp, executions: ExecutionsService): void {
  app.openapi(defineRoute({ access: 'executions:read', method: 'get', path: '/api/v1/executions', tags, summary: 'History with filters, counts per filter option and pagination', request: { query: ListQuery }, responses: { 200: json(ListSchema), ...errorResponses } }),
    async (c) => {
      const q = c.req.valid('query');
      const filter = { status: q.status, trigger: q.trigger, type: q.type, jobId: q.jobId, sourceId: q.sourceId, before: q.before, beforeId: q.beforeId, limit: q.limit };
      const { items, facets } = await executions.history(filter);
      const last = items.length === q.limit ? items.at(-1)! : null;
      return c.json({ items, facets, nextBefore: last?.queuedAt ?? null, nextBeforeId: last?.id ?? null } as never, 200);
    });
  app.openapi(defineRoute({ access: 'executions:read', method: 'get', path: '/api/v1/executions/{id}', tags, summary: 'One execution', request: { params: IdParams }, responses: { 200: json(ExecutionSchema), ...errorResponses } }),
    async (c) => c.json((await executions.get(c.req.valid('param').id)) as never, 200));
  app.openapi(defineRoute({ access: 'executions:read', method: 'get', path: '/api/v1/executions/{id}/logs', tags, summary: 'Log lines after a given line id', request: { params: IdParams, query: LogsQuery }, responses: { 200: json(z.array(LogLineSchema)), ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await executions.get(id);
      return c.json(await executions.logs(id, c.req.valid('query').after), 200);
    });
  app.openapi(defineRoute({ access: 'jobs:execute', method: 'post', path: '/api/v1/executions/{id}/cancel', tags, summary: 'Cancel a queued or running execution', request: { params: IdParams }, responses: { 200: json(ExecutionSchema), ...errorResponses } }),
    async (c) => c.json((await executions.cancel(c.req.valid('param').id)) as never, 200));
  app.openapi(defineRoute({ access: 'executions:read', method: 'get', path: '/api/v1/executions/{id}/events', tags, summary: 'Live updates (Server-Sent Events): "execution" snapshots and "log" lines until it ends', request: { params: IdParams }, responses: { 200: { description: 'text/event-stream' }, ...errorResponses } }),
    async (c) => {
      const { id } = c.req.valid('param');
      await executions.get(id);
      return streamSSE(c, async (stream) => {
        let lastLog = 0;
        let wake: () => void = () => undefined;
        const onChange = (changed: string) => changed === id && wake();
        executions.events.on('change', onChange);
        stream.onAbort(() => {
          executions.events.off('change', onChange);
          wake();
        });
        try {
          for (;;) {
            const execution = await executions.get(id);
            for (const line of await executions.logs(id, lastLog)) {
              lastLog = line.id;
              await stream.writeSSE({ event: 'log', data: JSON.stringify(line), id: String(line.id) });
            }
            await stream.writeSSE({ event: 'execution', data: JSON.stringify(execution) });
            if ((FINISHED_STATUSES as string[]).includes(execution.status) || stream.aborted) break;
            // Woken by a local change, or every 2 s for changes made by another worker.
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 2000);
              wake = () => { clearTimeout(timer); resolve(); };
            });
          }
        } finally {
          executions.events.off('change', onChange);
        }
      });
    });
}
