import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { backupHandler } from '../../src/jobs/handlers/backup.handler.js';
import { DbQueue } from '../../src/jobs/queue-local.js';
import type { ExecutionHandler } from '../../src/jobs/queue.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { createDatabase, PG_CONFIG } from '../support/postgres-fixture.js';
import { scratchName } from '../support/databases.js';
import { createTestApp } from '../support/test-app.js';
import { FULL, PROOF_TIMEOUT, proofRecorder, until } from './support/results.js';

const JOBS = 200;
const LIMIT = 4;
const proof = proofRecorder('load-queue');

/**
 * 200 jobs due in the same minute, on SQLite, with maxConcurrentJobs = 4: the real scheduler (ticked twice, by two
 * instances) and the real DbQueue. `npm test` runs the queue with an instrumented handler that holds each run for
 * a few event-loop turns (the queue is what is measured); `npm run proof` runs the real backup handler, each job
 * dumping a tiny PostgreSQL database to a local folder.
 */
describe(`${JOBS} jobs in the same minute, maxConcurrentJobs=${LIMIT}, SQLite`, () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-load-'));
  const clock = new FakeClock('2026-05-01T02:59:30Z');

  beforeAll(async () => {
    t = await createTestApp('sqlite', { clock });
    database = await createDatabase(scratchName());
  });
  afterAll(async () => {
    await t?.dispose();
    await database?.cleanup();
    rmSync(dir, { recursive: true, force: true });
    proof.flush();
  });

  it('queues each scheduled run exactly once and never runs more than the limit at once', async () => {
    const { services } = t;
    await services.settings.set('maxConcurrentJobs', LIMIT);
    const source = await services.sources.create({ name: 'tiny', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await services.destinations.create({ name: 'disk', kind: 'local', config: { path: dir } });
    for (let i = 0; i < JOBS; i++) {
      await services.jobs.create({ name: `job ${i}`, sourceId: source.id, destinationIds: [destination.id], databases: [database.name], schedule: { cron: '0 3 * * *', timeZone: 'UTC' }, options: { prefix: `job-${i}` } });
    }
    clock.advance(35_000); // 03:00:05: every job's tick of 03:00 is due now
    const scheduler = () => new Scheduler({ jobs: services.jobs, executions: services.executions, clock, logger: silentLogger, pausedSources: async () => new Set() });
    const queuedTicks = [await scheduler().tick(), await scheduler().tick(), await scheduler().tick()];

    let running = 0;
    let peak = 0;
    const runs = new Map<string, number>();
    const real = backupHandler({ jobs: services.jobs, sources: services.sources, destinations: services.destinations, executions: services.executions, clock });
    const light: ExecutionHandler = async () => {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      return { status: 'succeeded', result: null, error: null };
    };
    const inner = FULL ? real : light;
    const handler: ExecutionHandler = async (execution, signal) => {
      runs.set(execution.job_id!, (runs.get(execution.job_id!) ?? 0) + 1);
      peak = Math.max(peak, ++running);
      try {
        return await inner(execution, signal);
      } finally {
        running--;
      }
    };
    const queue = new DbQueue({ db: t.runtime.appDb.db, dialect: 'sqlite', executions: services.executions, handler, maxConcurrentJobs: async () => (await services.settings.get<number>('maxConcurrentJobs'))!, clock, logger: silentLogger, workerId: 'proof', pollMs: 60_000 });
    const started = Date.now();
    await queue.start();
    await until(async () => (await services.executions.list({ limit: 500, status: ['queued', 'running'] })).length === 0 || undefined, PROOF_TIMEOUT - 10_000, 'queue drained');
    await queue.idle();
    await queue.stop();
    const seconds = (Date.now() - started) / 1000;
    const all = await services.executions.list({ limit: 500 });
    const figures = {
      handler: FULL ? 'real backup handler (pg_dump of a tiny database to a local folder)' : 'instrumented handler (queue only)',
      jobs: JOBS, limit: LIMIT, queuedByThreeTicks: queuedTicks.join('+'), executions: all.length, succeeded: all.filter((e) => e.status === 'succeeded').length,
      jobsRunMoreThanOnce: [...runs.values()].filter((n) => n > 1).length, jobsNeverRun: JOBS - runs.size, peakConcurrent: peak,
      seconds: Math.round(seconds * 10) / 10, runsPerSecond: Math.round((JOBS / seconds) * 10) / 10,
    };
    const passed = queuedTicks[0] === JOBS && queuedTicks[1] === 0 && queuedTicks[2] === 0 && all.length === JOBS && figures.succeeded === JOBS && figures.jobsRunMoreThanOnce === 0 && figures.jobsNeverRun === 0 && peak <= LIMIT;
    proof.record({
      id: 'load-200-same-minute', area: 'load', what: `${JOBS} jobs scheduled in the same minute, maxConcurrentJobs=${LIMIT}, SQLite app DB`,
      how: 'the real scheduler ticked three times (separate instances) on a fake clock at 03:00:05 for 200 jobs created at 02:59:30 with a `0 3 * * *` schedule, then the real DbQueue drains it; a counting wrapper around the handler records runs per job and the peak of simultaneous runs',
      expectation: `${JOBS} executions, each job run exactly once, peak <= ${LIMIT}`, figures, passed,
    });
    expect(queuedTicks).toEqual([JOBS, 0, 0]);
    expect(all).toHaveLength(JOBS);
    expect(figures.succeeded).toBe(JOBS);
    expect(figures.jobsRunMoreThanOnce).toBe(0);
    expect(runs.size).toBe(JOBS);
    expect(peak).toBeLessThanOrEqual(LIMIT);
    if (!FULL) expect(peak).toBe(LIMIT); // with a queue this deep, the limit must also be reached
  }, PROOF_TIMEOUT);
});
