import type { NotificationChecksRepo } from '../../../db/repositories/notifications/checks.repo.js';
import type { NotificationEvent } from '../../../domain/notification-events.js';
import { nextRuns, type Schedule } from '../../../domain/schedule.js';
import type { Clock } from '../../../lib/clock.js';

/** A tick is judged once it is this old: the scheduler's grace, its polling and a slow queue insert all fit. */
const SETTLE_MS = 3 * 60_000;
const MAX_TICKS = 1000;

export interface ScheduledJob {
  id: string;
  name: string;
  enabled: boolean;
  sourceId: string;
  schedule: Schedule | null;
  updatedAt: string;
  lastScheduledAt: string | null;
  options: { catchUp: 'one' | 'none' };
}

export interface MissedSchedulesDeps {
  jobs: { list(): Promise<ScheduledJob[]> };
  pausedSources: () => Promise<Set<string>>;
  /** Scheduled-for times (ISO) of the job's scheduled backups with from < scheduled_for <= to. */
  queuedTicks: (jobId: string, from: string, to: string) => Promise<string[]>;
  checks: NotificationChecksRepo;
  notify: (event: NotificationEvent) => Promise<void>;
  clock: Clock;
}

interface Watermark {
  /** Ticks up to here (ISO) were judged. */
  checkedThrough: string;
}

/**
 * Finds schedule ticks that never became a backup: the server was down longer than the catch-up rule covers
 * (catch-up 'one' runs only the latest missed tick; 'none' runs none). A tick is judged only after the
 * scheduler has moved past it (`lastScheduledAt`), so a catch-up still on its way is never called missed;
 * ticks of a disabled job, of a paused source, or from before the job's last edit are not judged.
 */
export async function checkMissedSchedules(deps: MissedSchedulesDeps): Promise<void> {
  const paused = await deps.pausedSources();
  const now = deps.clock.now().getTime();
  for (const job of await deps.jobs.list()) {
    if (!job.schedule) continue;
    const key = `job.missed_schedule:${job.id}`;
    const stored = await deps.checks.get(key);
    const watermark = stored === undefined ? undefined : Date.parse((JSON.parse(stored) as Watermark).checkedThrough);
    const active = job.enabled && !paused.has(job.sourceId);
    const passed = job.lastScheduledAt ? Date.parse(job.lastScheduledAt) : -Infinity;
    const horizon = active ? Math.min(now - SETTLE_MS, passed) : now - SETTLE_MS;
    const from = Math.max(watermark ?? passed, Date.parse(job.updatedAt));
    if (horizon <= from) {
      // First sight of the job: remember where judging starts, so ticks lost from now on are found.
      if (stored === undefined) await deps.checks.replace(key, undefined, JSON.stringify({ checkedThrough: new Date(from).toISOString() }), new Date(now).toISOString());
      continue;
    }
    const missed = active ? await missedTicks(deps, job, job.schedule, from, horizon) : [];
    const next: Watermark = { checkedThrough: new Date(horizon).toISOString() };
    // Several workers may judge the same ticks: only the one that moves the watermark tells people.
    if (!(await deps.checks.replace(key, stored, JSON.stringify(next), new Date(now).toISOString())) || missed.length === 0) continue;
    await deps.notify({ type: 'job.missed_schedule', occurredAt: new Date(now).toISOString(), job: { id: job.id, name: job.name }, scheduledFor: missed[0]!, reason: reasonFor(missed, job.options.catchUp) });
  }
}

async function missedTicks(deps: MissedSchedulesDeps, job: ScheduledJob, schedule: Schedule, from: number, horizon: number): Promise<string[]> {
  const ticks = ticksBetween(schedule, from, horizon);
  if (ticks.length === 0) return [];
  const queued = new Set((await deps.queuedTicks(job.id, new Date(from).toISOString(), new Date(horizon).toISOString())).map((at) => Date.parse(at)));
  return ticks.filter((tick) => !queued.has(tick.getTime())).map((tick) => tick.toISOString());
}

/** Ticks t with from < t <= horizon, oldest first, at most MAX_TICKS (a long outage of a frequent job). */
function ticksBetween(schedule: Schedule, from: number, horizon: number): Date[] {
  const ticks: Date[] = [];
  let cursor = new Date(from);
  while (ticks.length < MAX_TICKS) {
    const batch = nextRuns(schedule, cursor, 20);
    for (const tick of batch) {
      if (tick.getTime() > horizon || ticks.length === MAX_TICKS) return ticks;
      ticks.push(tick);
    }
    if (batch.length < 20) return ticks;
    cursor = batch.at(-1)!;
  }
  return ticks;
}

function reasonFor(missed: string[], catchUp: 'one' | 'none'): string {
  const count = missed.length > 1 ? `; ${missed.length} runs were missed, the last one at ${missed.at(-1)}` : '';
  return `Lifeboat's scheduler was not running then${count}${catchUp === 'none' ? '; catch-up is off for this job' : ''}`;
}
