import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export interface SchedulePreview {
  description?: string;
  nextRuns: Date[];
  problem?: string;
}

/**
 * Live preview while editing, with the same libraries the server uses (croner, cronstrue); once the job
 * is saved the page shows the server's own description and next runs.
 */
export function previewSchedule(cron: string, timeZone: string, from = new Date(), count = 5): SchedulePreview {
  const expression = cron.trim();
  if (!expression) return { nextRuns: [], problem: 'Write a cron expression or pick a preset' };
  if (!expression.startsWith('@') && expression.split(/\s+/).length !== 5) {
    return { nextRuns: [], problem: 'Use five fields: minute hour day-of-month month day-of-week' };
  }
  try {
    const job = new Cron(expression, { timezone: timeZone, paused: true });
    const nextRuns = job.nextRuns(count, from);
    job.stop();
    const description = expression.startsWith('@') ? undefined : cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    if (nextRuns.length === 0) return { description, nextRuns, problem: 'This expression never matches a date' };
    return { description, nextRuns };
  } catch (error) {
    return { nextRuns: [], problem: `Not a valid schedule: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A run time as the job's time zone shows it, e.g. "Mon 24 Nov, 03:00". */
export function formatInZone(date: Date, timeZone: string): string {
  try {
    return date.toLocaleString(undefined, { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
  } catch {
    return date.toISOString();
  }
}

export const SCHEDULE_PRESETS = [
  { label: 'Every hour', cron: '0 * * * *' },
  { label: 'Every day at 02:30', cron: '30 2 * * *' },
  { label: 'Every Sunday at 03:00', cron: '0 3 * * 0' },
  { label: 'First of the month at 04:00', cron: '0 4 1 * *' },
];

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
