/**
 * Which scheduled run is due now: a pure function of the schedule, the last handled tick and the
 * clock, so the scheduler can be tested with a fake clock and several workers agree on the answer.
 */
import type { Cron } from 'croner';
import { cronFor, nextTick } from './schedule-cron.js';
import type { Schedule } from './schedule.js';

/** After downtime: run the most recent missed tick once ('one') or wait for the next tick ('none'). */
export type CatchUp = 'one' | 'none';

export interface DueRunInput {
  /** Scheduled time of the last tick already handled (run or deliberately skipped); null if never. */
  lastRunAt: Date | null;
  now: Date;
  catchUp: CatchUp;
  /**
   * How late a tick may be noticed and still count as on time rather than missed: covers timer
   * jitter and a busy event loop. Default 60 s.
   */
  graceMs?: number;
}

export interface DueRun {
  /** The tick's scheduled instant: use it (not `now`) as the run's identity, e.g. a singleton key. */
  at: Date;
  kind: 'on-time' | 'catch-up';
}

const DEFAULT_GRACE_MS = 60_000;
const HOUR = 3_600_000;
// Search windows grow so a frequent schedule after long downtime never walks thousands of ticks:
// the first window that contains a tick holds the most recent one.
const WINDOWS_MS = [HOUR, 24 * HOUR, 8 * 24 * HOUR, 32 * 24 * HOUR, 367 * 24 * HOUR];

/**
 * The run that should start now, or null. Only the most recent tick in (lastRunAt, now] is ever
 * considered, so after any downtime at most ONE run happens per job: older missed ticks are folded
 * into it. A tick older than the grace period is a catch-up and runs only when `catchUp` is 'one'.
 * A job that never ran (`lastRunAt` null) has no history to catch up on: only an on-time tick is due,
 * so a new job does not fire immediately for a tick that passed before it existed.
 */
export function dueRun(schedule: Schedule, input: DueRunInput): DueRun | null {
  const graceMs = input.graceMs ?? DEFAULT_GRACE_MS;
  const now = input.now.getTime();
  const floor = input.lastRunAt ? input.lastRunAt.getTime() : now - graceMs;
  if (floor >= now) return null;
  const latest = latestTickIn(cronFor(schedule), floor, now);
  if (latest === null) return null;
  if (now - latest.getTime() <= graceMs) return { at: latest, kind: 'on-time' };
  return input.catchUp === 'one' ? { at: latest, kind: 'catch-up' } : null;
}

/** The most recent tick t with floor < t <= now, or null. */
function latestTickIn(cron: Cron, floor: number, now: number): Date | null {
  for (const width of [...WINDOWS_MS, Infinity]) {
    const start = Math.max(floor, now - width);
    const found = lastTickAfter(cron, start, now);
    if (found) return found;
    if (start === floor) return null;
  }
  return null;
}

function lastTickAfter(cron: Cron, start: number, now: number): Date | null {
  let last: Date | null = null;
  let next = nextTick(cron, new Date(start));
  while (next && next.getTime() <= now) {
    last = next;
    next = nextTick(cron, next);
  }
  return last;
}
