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
  /** Restore drill after each backup: restore into a scratch database on the drill target and compare row counts. */
  drill: z.object({ enabled: z.boolean().default(false), targetSourceId: z.string().min(1).nullable().default(null) }).default({ enabled: false, targetSourceId: null }),
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
