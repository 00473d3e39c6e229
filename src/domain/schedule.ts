/**
 * Job schedules: a five-field cron expression evaluated in an IANA time zone. Everything here is a
 * pure function of its arguments (no clock, no timers); the scheduler in src/jobs decides when to
 * ask. Time-zone and DST behaviour (verified by schedule.test.ts), inherited from croner:
 *  - Expressions are wall-clock times in `timeZone`; results are UTC instants (`Date`).
 *  - Spring forward: a time inside the skipped hour (02:30 in Berlin on the last Sunday of March)
 *    runs once that day, shifted by the gap (03:30 local), so a daily backup is never lost.
 *  - Fall back: a wall-clock time that occurs twice (01:30 in New York in November) runs once, so
 *    a daily backup never runs twice. Which of the two instants is croner's choice: the first in
 *    New York (01:30 EDT), the second in Berlin (02:30 CET); an hourly job sees one 2-hour gap.
 */
import cronstrue from 'cronstrue';
import { z } from 'zod';
import { ValidationError } from '../lib/errors.js';
import { cronFor, cronProblem, nextTick } from './schedule-cron.js';
import { isValidTimeZone, unknownTimeZoneMessage } from './schedule-time-zone.js';

export { cronProblem };
export { dueRun, type CatchUp, type DueRun, type DueRunInput } from './schedule-due.js';

export const cronExpressionSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('Cron expression, five fields: minute hour day-of-month month day-of-week');

export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isValidTimeZone, { error: (issue) => unknownTimeZoneMessage(String(issue.input)) })
  .describe('IANA time zone the cron expression is read in, e.g. Europe/Berlin');

export const scheduleSchema = z.object({ cron: cronExpressionSchema, timeZone: timeZoneSchema });

export type Schedule = z.infer<typeof scheduleSchema>;

export const catchUpSchema = z
  .enum(['one', 'none'])
  .describe('After downtime: run the most recent missed tick once (one) or wait for the next tick (none)');

/** The next `count` run times strictly after `from`, oldest first (fewer if the pattern ends). */
export function nextRuns(schedule: Schedule, from: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > 1000) {
    throw new ValidationError(`Run count must be an integer from 0 to 1000, got ${count}`);
  }
  const cron = cronFor(schedule);
  const runs: Date[] = [];
  let next = count > 0 ? nextTick(cron, from) : null;
  while (next && runs.length < count) {
    runs.push(next);
    next = runs.length < count ? nextTick(cron, next) : null;
  }
  return runs;
}

export interface DescribeOptions {
  /** 24-hour clock ("At 02:30") unless false ("At 02:30 AM"). */
  use24HourTimeFormat?: boolean;
}

/** Human-readable text for the UI, with the zone, e.g. "At 02:30 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule, options: DescribeOptions = {}): string {
  const text = cronstrue.toString(schedule.cron.trim(), {
    use24HourTimeFormat: options.use24HourTimeFormat ?? true,
    throwExceptionOnParseError: false,
  });
  return `${text} (${schedule.timeZone})`;
}
