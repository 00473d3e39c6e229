/**
 * Which backups a retention policy keeps and which it deletes: a pure function of the backups
 * (read from the sidecars on one destination), the policy, the clock and the job's time zone.
 * The same answer drives the real prune and the dry-run preview, so they cannot disagree.
 *
 * Rules, and why:
 *  - keepLast, keepDays and gfs each pick backups to keep; the result is their UNION, so a backup is
 *    deleted only when no rule wants it, and adding a rule can only keep more.
 *  - Rules look at successful backups only: a failed backup must not take the place of a good one
 *    in "last 5" or "daily 7". With a policy set, unsuccessful backups are deleted unless locked.
 *  - The newest successful backup is always kept, whatever the policy says (e.g. keepDays 7 after
 *    a month without successful backups must not leave nothing to restore).
 *  - Locked backups are always kept (the user pinned them).
 *  - A policy with no active rule (missing, or every count 0) keeps everything: a blank or broken
 *    setting must never be read as "delete all".
 *  - A backup whose date is unreadable is kept: we cannot judge its age, and deletion is final.
 */
import { z } from 'zod';
import { ValidationError } from '../lib/errors.js';
import { keepDays, keepGfs, keepLast, type RuleKeep } from './retention-rules.js';
import { PERIOD_KINDS } from './retention-periods.js';
import { isValidTimeZone, unknownTimeZoneMessage } from './schedule-time-zone.js';

const count = (max: number, what: string) =>
  z.number().int().min(0).max(max).optional().describe(`${what}; 0 or absent turns the rule off`);

export const gfsPolicySchema = z.object({
  hourly: count(10_000, 'Newest backup of each of the last N hours that have one'),
  daily: count(10_000, 'Newest backup of each of the last N days that have one'),
  weekly: count(10_000, 'Newest backup of each of the last N ISO weeks (Monday start) that have one'),
  monthly: count(10_000, 'Newest backup of each of the last N months that have one'),
  yearly: count(1_000, 'Newest backup of each of the last N years that have one'),
});

export const retentionPolicySchema = z.object({
  keepLast: count(100_000, 'Keep the N newest successful backups'),
  keepDays: count(36_500, 'Keep successful backups younger than N days'),
  gfs: gfsPolicySchema.optional(),
});

export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export interface RetentionBackup {
  id: string;
  createdAt: Date;
  /** Only successful backups count towards keeping. */
  succeeded: boolean;
  locked: boolean;
  size?: number;
}

export interface RetentionContext {
  now: Date;
  /** IANA zone of the job: GFS periods (days, weeks...) are read there. */
  timeZone: string;
}

export interface KeptBackup<B> {
  backup: B;
  /** Every reason it is kept, e.g. ['last 3', 'daily 2026-03-04', 'locked'], for the preview. */
  reasons: string[];
}

export interface RetentionPlan<B> {
  /** Newest first. */
  keep: KeptBackup<B>[];
  /** Newest first. */
  delete: B[];
  summary: { kept: number; deleted: number; freedBytes: number };
}

/** True when no rule is active, i.e. the policy keeps everything. */
export function isEmptyPolicy(policy: RetentionPolicy): boolean {
  const counts = [policy.keepLast, policy.keepDays, ...PERIOD_KINDS.map((kind) => policy.gfs?.[kind])];
  return counts.every((value) => active(value) === 0);
}

export function planRetention<B extends RetentionBackup>(
  backups: readonly B[],
  policy: RetentionPolicy,
  context: RetentionContext,
): RetentionPlan<B> {
  if (!isValidTimeZone(context.timeZone)) throw new ValidationError(unknownTimeZoneMessage(context.timeZone));
  const dated = backups.filter((backup) => !Number.isNaN(backup.createdAt.getTime()));
  const undated = backups.filter((backup) => Number.isNaN(backup.createdAt.getTime()));
  const newestFirst = [...dated].sort(newestFirstOrder);
  const reasons = new Map<B, string[]>();
  const add = (backup: B, reason: string) => reasons.set(backup, [...(reasons.get(backup) ?? []), reason]);

  const successful = newestFirst.filter((backup) => backup.succeeded);
  if (isEmptyPolicy(policy)) newestFirst.forEach((backup) => add(backup, 'no retention policy'));
  for (const { backup, reason } of ruleKeeps(successful, policy, context)) add(backup, reason);
  if (successful[0]) add(successful[0], 'newest successful');
  for (const backup of newestFirst) if (backup.locked) add(backup, 'locked');
  for (const backup of undated) add(backup, 'unknown date');

  const keep: KeptBackup<B>[] = [];
  const doomed: B[] = [];
  for (const backup of [...newestFirst, ...undated]) {
    const why = reasons.get(backup);
    if (why) keep.push({ backup, reasons: why });
    else doomed.push(backup);
  }
  const freedBytes = doomed.reduce((sum, backup) => sum + (backup.size ?? 0), 0);
  return { keep, delete: doomed, summary: { kept: keep.length, deleted: doomed.length, freedBytes } };
}

function ruleKeeps<B extends RetentionBackup>(
  successfulNewestFirst: readonly B[],
  policy: RetentionPolicy,
  context: RetentionContext,
): RuleKeep<B>[] {
  const last = active(policy.keepLast);
  const days = active(policy.keepDays);
  return [
    ...(last ? keepLast(successfulNewestFirst, last) : []),
    ...(days ? keepDays(successfulNewestFirst, days, context.now) : []),
    ...(policy.gfs ? keepGfs(successfulNewestFirst, policy.gfs, context.timeZone) : []),
  ];
}

/** A count that turns its rule on, else 0: guards against negative or NaN values that skipped the schema. */
function active(value: number | undefined): number {
  return value !== undefined && value > 0 ? value : 0;
}

/** Newest first; equal times ordered by id so the answer never depends on input order. */
function newestFirstOrder(a: RetentionBackup, b: RetentionBackup): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
