/**
 * Turning a schedule into a croner instance, and explaining why a cron expression is unusable.
 * Kept apart from schedule.ts so the due-run logic can use it without an import cycle.
 */
import { Cron } from 'croner';
import { ValidationError } from '../lib/errors.js';
import type { Schedule } from './schedule.js';
import { isValidTimeZone, unknownTimeZoneMessage } from './schedule-time-zone.js';

const NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];
const FIELD_HELP = 'five fields "minute hour day-of-month month day-of-week", e.g. "30 2 * * *" for 02:30 every day';

// Validating parses the pattern and walks to a first match (under a millisecond, but the scheduler
// asks for every job on every tick), so answers are remembered; the cap keeps memory bounded.
const problems = new Map<string, string | null>();
const MAX_REMEMBERED = 1000;

/** Why `expression` is not a usable cron expression, or null when it is. */
export function cronProblem(expression: string): string | null {
  const trimmed = expression.trim();
  const known = problems.get(trimmed);
  if (known !== undefined) return known;
  if (problems.size >= MAX_REMEMBERED) problems.clear();
  const problem = findProblem(trimmed);
  problems.set(trimmed, problem);
  return problem;
}

function findProblem(trimmed: string): string | null {
  if (trimmed === '') return `Cron expression is empty: write ${FIELD_HELP}`;
  const fields = trimmed.split(/\s+/);
  // Seconds would break the one-run-per-job-and-minute key the queue relies on.
  if (!NICKNAMES.includes(trimmed.toLowerCase()) && fields.length !== 5) {
    return `Cron expression "${trimmed}" has ${fields.length} field(s): write ${FIELD_HELP}`;
  }
  try {
    if (new Cron(trimmed, { timezone: 'UTC' }).nextRun(new Date(0)) === null) {
      return `Cron expression "${trimmed}" never matches a date (e.g. 31 February): check day and month`;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
    return `Cron expression "${trimmed}" is invalid (${reason}): write ${FIELD_HELP}`;
  }
  return null;
}

/** A croner instance for computing times only: created without a callback, so it starts no timer. */
export function cronFor(schedule: Schedule): Cron {
  const problem = cronProblem(schedule.cron);
  if (problem) throw new ValidationError(problem, [{ path: 'cron', message: problem }]);
  if (!isValidTimeZone(schedule.timeZone)) {
    const message = unknownTimeZoneMessage(schedule.timeZone);
    throw new ValidationError(message, [{ path: 'timeZone', message }]);
  }
  return new Cron(schedule.cron.trim(), { timezone: schedule.timeZone });
}

const MINUTE_MS = 60_000;
// Longer than any DST fold (one hour almost everywhere, two at most historically).
const MAX_FOLD_MINUTES = 240;

/**
 * The first tick strictly after `after`, or null if the pattern has no more runs.
 * croner's own nextRun can go BACKWARDS when asked from inside a repeated (fall-back) hour: from
 * 01:10 EST in New York it answers 01:30 EDT, which is earlier. Trusting that would run a daily job
 * twice, so we then probe minute by minute (five-field crons tick on whole minutes, so no tick is
 * skipped) until croner answers with a later instant.
 */
export function nextTick(cron: Cron, after: Date): Date | null {
  const first = cron.nextRun(after);
  if (first === null || first.getTime() > after.getTime()) return first;
  const minuteStart = Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS;
  for (let k = 1; k <= MAX_FOLD_MINUTES; k++) {
    // One second before the minute, so that minute itself can be the answer.
    const probe = cron.nextRun(new Date(minuteStart + k * MINUTE_MS - 1000));
    if (probe === null || probe.getTime() > after.getTime()) return probe;
  }
  return null;
}
