import { describe, expect, it } from 'vitest';
import type { Execution } from '../executions/hooks';
import type { Job } from '../jobs/hooks';
import { bucketRuns, jobHealth, sizeSeries } from './stats';

const run = (over: Partial<Execution>): Execution => ({
  id: Math.random().toString(36), type: 'backup', status: 'succeeded', trigger: 'manual', jobId: 'j1', sourceId: 's1', attempt: 1, maxAttempts: 1,
  queuedAt: '2026-01-10T10:00:00Z', startedAt: '2026-01-10T10:00:00Z', finishedAt: '2026-01-10T10:00:30Z', scheduledFor: null, progress: null,
  result: { totalSize: 2 * 1_048_576 }, error: null, cancelRequested: false, ...over,
});

describe('dashboard stats', () => {
  const now = new Date('2026-01-10T12:30:00Z');

  it('counts successes and failures per hour over the last 24 hours, ignoring older and unfinished runs', () => {
    const buckets = bucketRuns([run({}), run({ status: 'failed' }), run({ status: 'running', finishedAt: null }), run({ finishedAt: '2026-01-08T10:00:00Z' })], '24h', now);
    expect(buckets).toHaveLength(24);
    expect(buckets.reduce((n, b) => n + b.succeeded, 0)).toBe(1);
    expect(buckets.reduce((n, b) => n + b.failed, 0)).toBe(1);
  });

  it('counts per day over 7 days', () => {
    const buckets = bucketRuns([run({}), run({ finishedAt: '2026-01-05T10:00:00Z', status: 'partial' })], '7d', now);
    expect(buckets).toHaveLength(7);
    expect(buckets.at(-1)!.succeeded).toBe(1);
    expect(buckets.reduce((n, b) => n + b.failed, 0)).toBe(1);
  });

  it('gives size in bytes and duration in seconds of successful runs', () => {
    expect(sizeSeries([run({}), run({ status: 'failed' })])).toEqual([{ at: Date.parse('2026-01-10T10:00:30Z'), bytes: 2 * 1_048_576, seconds: 30 }]);
  });

  it('puts failing jobs first, then the soonest next run', () => {
    const job = (id: string, next: string) => ({ id, name: id, enabled: true, nextRuns: [next] }) as unknown as Job;
    const order = jobHealth([job('a', '2026-01-11T01:00:00Z'), job('b', '2026-01-12T01:00:00Z'), job('c', '2026-01-10T13:00:00Z')], [run({ jobId: 'b', status: 'failed' }), run({ jobId: 'a' })]);
    expect(order.map((h) => h.job.id)).toEqual(['b', 'c', 'a']);
  });
});
