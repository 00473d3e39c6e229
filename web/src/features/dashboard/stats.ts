import type { Execution } from '../executions/hooks';
import type { Job } from '../jobs/hooks';

export type Window = '24h' | '7d';
export interface RunBucket {
  label: string;
  succeeded: number;
  failed: number;
}

const HOUR = 3_600_000;

/** Finished backups per hour (24 h) or per day (7 days), oldest first; partial and cancelled count as failed. */
export function bucketRuns(executions: Execution[], window: Window, now: Date): RunBucket[] {
  const size = window === '24h' ? HOUR : 24 * HOUR;
  const count = window === '24h' ? 24 : 7;
  const end = window === '24h' ? Math.floor(now.getTime() / HOUR) * HOUR + HOUR : startOfDay(now) + 24 * HOUR;
  const start = end - size * count;
  const buckets: RunBucket[] = Array.from({ length: count }, (_, i) => {
    const at = new Date(start + i * size);
    return { label: window === '24h' ? `${String(at.getHours()).padStart(2, '0')}:00` : at.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric' }), succeeded: 0, failed: 0 };
  });
  for (const e of executions) {
    if (!e.finishedAt || e.status === 'queued' || e.status === 'running') continue;
    const at = new Date(e.finishedAt).getTime();
    if (at < start || at >= end) continue;
    const bucket = buckets[Math.floor((at - start) / size)]!;
    if (e.status === 'succeeded') bucket.succeeded += 1;
    else bucket.failed += 1;
  }
  return buckets;
}

function startOfDay(date: Date): number {
  const d = new Date(date);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export interface SizePoint {
  at: number;
  bytes: number;
  seconds: number;
}

/** Stored size and duration (seconds) of each successful backup, oldest first. */
export function sizeSeries(executions: Execution[]): SizePoint[] {
  return executions
    .filter((e) => e.status === 'succeeded' && e.finishedAt && e.startedAt)
    .map((e) => ({
      at: new Date(e.finishedAt!).getTime(),
      bytes: (e.result as { totalSize?: number } | null)?.totalSize ?? 0,
      seconds: Number(((new Date(e.finishedAt!).getTime() - new Date(e.startedAt!).getTime()) / 1000).toFixed(1)),
    }))
    .sort((a, b) => a.at - b.at);
}

export interface JobHealth {
  job: Job;
  last?: Execution;
  failing: boolean;
  next?: string;
}

/** Jobs whose latest run failed come first, then by next run time. */
export function jobHealth(jobs: Job[], executions: Execution[]): JobHealth[] {
  const latest = new Map<string, Execution>();
  for (const e of executions) {
    if (!e.jobId || e.type !== 'backup' || !e.finishedAt) continue;
    const seen = latest.get(e.jobId);
    if (!seen || seen.finishedAt! < e.finishedAt) latest.set(e.jobId, e);
  }
  return jobs
    .map((job) => {
      const last = latest.get(job.id);
      return { job, last, failing: last !== undefined && last.status !== 'succeeded', next: job.enabled ? job.nextRuns[0] : undefined };
    })
    .sort((a, b) => Number(b.failing) - Number(a.failing) || (a.next ?? '\uffff').localeCompare(b.next ?? '\uffff'));
}
