import { z } from '@hono/zod-openapi';
import { EXECUTION_STATUSES, EXECUTION_TRIGGERS, EXECUTION_TYPES } from '../../domain/job.js';

export const ProgressSchema = z
  .object({
    bytes: z.number(), rate: z.number(), total: z.number().nullable(), etaSeconds: z.number().nullable(), step: z.string().nullable(),
    sourceBytes: z.number().optional().openapi({ description: 'Backups: bytes the dump read from the database so far, when the source can tell' }),
  })
  .openapi('Progress');

export const ExecutionSchema = z
  .object({
    id: z.string(),
    type: z.enum(EXECUTION_TYPES),
    status: z.enum(EXECUTION_STATUSES),
    trigger: z.enum(EXECUTION_TRIGGERS),
    jobId: z.string().nullable(),
    sourceId: z.string().nullable(),
    attempt: z.number(),
    maxAttempts: z.number(),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    scheduledFor: z.string().nullable(),
    progress: ProgressSchema.nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    cancelRequested: z.boolean(),
  })
  .openapi('Execution');

export const LogLineSchema = z
  .object({ id: z.number(), at: z.string(), level: z.string(), step: z.string().nullable(), message: z.string() })
  .openapi('LogLine');
