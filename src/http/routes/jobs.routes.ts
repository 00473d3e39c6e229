import { z } from '@hono/zod-openapi';
import { jobInputSchema } from '../../domain/job.js';
import type { JobRunsService } from '../../services/jobs/job-runs.service.js';
import type { JobsService } from '../../services/jobs/jobs.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json, jsonBody } from '../schemas/common.js';
import { ExecutionSchema } from '../schemas/execution.js';
import { WaitQuery, triggerOf, waitSignal } from './run-requests.js';

const JobInputSchema = jobInputSchema;
const JobSchema = jobInputSchema
  .extend({ id: z.string(), createdAt: z.string(), updatedAt: z.string(), lastScheduledAt: z.string().nullable(), scheduleDescription: z.string().nullable(), nextRuns: z.array(z.string()) });
const RunResultSchema = z.object({ execution: ExecutionSchema, alreadyQueued: z.boolean() }).openapi('JobRun');
const tags = ['Jobs'];

export function registerJobsRoutes(app: HttpApp, jobs: JobsService, runs: JobRunsService): void {
  app.openapi(defineRoute({ access: 'jobs:read', method: 'get', path: '/api/v1/jobs', tags, summary: 'List jobs', responses: { 200: json(z.array(JobSchema)), ...errorResponses } }),
    async (c) => c.json((await jobs.list()) as never, 200));
  app.openapi(defineRoute({ access: 'jobs:write', method: 'post', path: '/api/v1/jobs', tags, summary: 'Create a job', request: jsonBody(JobInputSchema), responses: { 201: json(JobSchema, 'Created'), ...errorResponses } }),
    async (c) => c.json((await jobs.create(c.req.valid('json'))) as never, 201));
  app.openapi(defineRoute({ access: 'jobs:read', method: 'get', path: '/api/v1/jobs/{id}', tags, summary: 'Get a job with its next 5 run times', request: { params: IdParams }, responses: { 200: json(JobSchema), ...errorResponses } }),
    async (c) => c.json((await jobs.get(c.req.valid('param').id)) as never, 200));
  app.openapi(defineRoute({ access: 'jobs:write', method: 'patch', path: '/api/v1/jobs/{id}', tags, summary: 'Update a job', request: { params: IdParams, ...jsonBody(jobInputSchema.partial()) }, responses: { 200: json(JobSchema), ...errorResponses } }),
    async (c) => c.json((await jobs.update(c.req.valid('param').id, await c.req.json())) as never, 200));
  app.openapi(defineRoute({ access: 'jobs:write', method: 'delete', path: '/api/v1/jobs/{id}', tags, summary: 'Delete a job (its backups and history stay)', request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, ...errorResponses } }),
    async (c) => {
      await jobs.delete(c.req.valid('param').id);
      return c.body(null, 204);
    });
  app.openapi(defineRoute({ access: 'jobs:execute', method: 'post', path: '/api/v1/jobs/{id}/run', tags, summary: 'Run a job now; with wait=true, answer when it ended', request: { params: IdParams, query: WaitQuery }, responses: { 202: json(RunResultSchema, 'Queued'), 200: json(RunResultSchema, 'Finished (wait=true)'), ...errorResponses } }),
    async (c) => {
      const { wait, timeout } = c.req.valid('query');
      const run = await runs.trigger(c.req.valid('param').id, triggerOf(c.get('principal')));
      if (wait !== 'true') return c.json(run as never, 202);
      const execution = await runs.waitFor(run.execution.id, waitSignal(c.req.raw, timeout));
      return c.json({ execution, alreadyQueued: run.alreadyQueued } as never, 200);
    });
  app.openapi(defineRoute({ access: 'jobs:execute', method: 'post', path: '/api/v1/backups/trigger/{id}', tags, summary: "Run every job of a source (id = source id); with wait=true, answer when all ended", request: { params: IdParams, query: WaitQuery }, responses: { 202: json(z.array(ExecutionSchema), 'Queued'), 200: json(z.array(ExecutionSchema), 'Finished'), ...errorResponses } }),
    async (c) => {
      const { wait, timeout } = c.req.valid('query');
      const started = await runs.triggerSource(c.req.valid('param').id, triggerOf(c.get('principal')));
      if (wait !== 'true') return c.json(started as never, 202);
      const signal = waitSignal(c.req.raw, timeout);
      return c.json((await Promise.all(started.map((e) => runs.waitFor(e.id, signal)))) as never, 200);
    });
}
