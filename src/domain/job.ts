import { z } from 'zod';
import { retentionPolicySchema } from './retention.js';
import { catchUpSchema, scheduleSchema } from './schedule.js';

/**
 * A job ties one source (some or all of its databases) to destinations with a schedule, compression,
 * encryption, retention and notification rules. This is the shape users edit (API, UI, config import).
 */
export const notificationRuleSchema = z.object({
  channelId: z.string().min(1),
  on: z.enum(['failure', 'always']).default('failure'),
});

/**
 * Restore drills prove a job's backups restore: each one is restored into a scratch database on the drill target,
 * its per-table row counts are compared with those the sidecar recorded at dump time, and the scratch database is
 * dropped. A drill runs after each backup (afterBackup) and/or on its own schedule (the newest backup of each database).
 */
export const drillOptionsSchema = z.object({
  enabled: z.boolean().default(false).describe('Run restore drills for this job (off by default)'),
  targetSourceId: z.string().min(1).nullable().default(null)
    .describe('Source whose server receives the scratch database: same engine family as the job\'s source; required when enabled'),
  afterBackup: z.boolean().default(true).describe('Drill every backup right after it was stored'),
  schedule: scheduleSchema.nullable().default(null)
    .describe('Own schedule: drill the newest backup of each database of the job on this cron; null = no scheduled drill'),
}).describe('Restore drills: restore into a scratch database, compare row counts with the sidecar, drop it');

/** Scheduled verification: re-read the newest backup of each database on every destination of the job. */
export const verifyOptionsSchema = z.object({
  schedule: scheduleSchema.nullable().default(null)
    .describe('Re-read the newest backup of each database on every destination of the job on this cron (size, sha256, encryption authentication with the job\'s profile key); null = off'),
}).describe('Scheduled verification of the job\'s newest backups; results are recorded per backup');

export const jobOptionsSchema = z.object({
  mode: z.enum(['full', 'schema', 'data']).default('full'),
  /** Also back up roles and server-wide objects (sources that can). */
  globals: z.boolean().default(false),
  /** Total attempts per run (1 = no retry). */
  maxAttempts: z.number().int().min(1).max(10).default(1),
  /** First retry delay; doubles each attempt. */
  retryDelaySeconds: z.number().int().min(1).max(86_400).default(60),
  catchUp: catchUpSchema.default('one'),
  /** Folder prefix inside each destination. */
  prefix: z.string().max(200).regex(/^[^\p{Cc}\\]*$/u, 'must not contain control characters or backslashes').default(''),
  drill: drillOptionsSchema.default(drillOptionsSchema.parse({})),
  verify: verifyOptionsSchema.default(verifyOptionsSchema.parse({})),
});

export const jobInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  sourceId: z.string().min(1),
  /** Empty = every database of the source at run time. */
  databases: z.array(z.string().min(1).max(200)).max(500).default([]),
  destinationIds: z.array(z.string().min(1)).min(1, 'choose at least one destination').max(20),
  schedule: scheduleSchema.nullable().default(null),
  enabled: z.boolean().default(true),
  compression: z.string().default('zstd:3'),
  encryptionProfileId: z.string().nullable().default(null),
  retention: retentionPolicySchema.default({}),
  notifications: z.array(notificationRuleSchema).max(20).default([]),
  options: jobOptionsSchema.default(jobOptionsSchema.parse({})),
});

export type JobInput = z.infer<typeof jobInputSchema>;
export type JobOptions = z.infer<typeof jobOptionsSchema>;
export type NotificationRule = z.infer<typeof notificationRuleSchema>;

export const EXECUTION_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const FINISHED_STATUSES: ExecutionStatus[] = ['succeeded', 'partial', 'failed', 'cancelled'];

export const EXECUTION_TRIGGERS = ['schedule', 'manual', 'api', 'cli', 'system'] as const;
export type ExecutionTrigger = (typeof EXECUTION_TRIGGERS)[number];

export const EXECUTION_TYPES = ['backup', 'restore', 'retention', 'verify', 'drill'] as const;
export type ExecutionType = (typeof EXECUTION_TYPES)[number];

/** Exponential backoff for attempt n (1-based) of a failed run. */
export function retryDelayMs(options: Pick<JobOptions, 'retryDelaySeconds'>, failedAttempt: number): number {
  return options.retryDelaySeconds * 1000 * 2 ** Math.max(0, failedAttempt - 1);
}
