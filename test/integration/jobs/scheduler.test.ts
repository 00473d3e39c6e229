import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { Scheduler } from '../../../src/jobs/scheduler.js';
import { ExecutionsService } from '../../../src/services/executions/executions.service.js';
import { JobsService } from '../../../src/services/jobs/jobs.service.js';
import { DIALECTS, createTestAppDb } from '../../support/app-db.js';

describe.each(DIALECTS)('scheduler on %s', (dialect) => {
  let appDb: Awaited<ReturnType<typeof createTestAppDb>>;
  const clock = new FakeClock('2026-06-01T09:58:00Z');
  let jobs: JobsService;
  let executions: ExecutionsService;
  let jobId: string;

  beforeAll(async () => {
    appDb = await createTestAppDb(dialect);
    jobs = new JobsService(appDb.db, clock);
    executions = new ExecutionsService(appDb.db, clock);
    const now = clock.now().toISOString();
    const sourceId = randomUUID();
    const destinationId = randomUUID();
    await appDb.db.insertInto('sources').values({ id: sourceId, name: 's', kind: 'postgres', config: '{}', secrets: null, environment: null, active: 1, created_at: now, updated_at: now }).execute();
    await appDb.db.insertInto('destinations').values({ id: destinationId, name: 'd', kind: 'local', config: '{}', secrets: null, created_at: now, updated_at: now }).execute();
    jobId = (await jobs.create({ name: 'every 5 minutes', sourceId, destinationIds: [destinationId], schedule: { cron: '*/5 * * * *', timeZone: 'Europe/Berlin' } })).id;
  });
  afterAll(() => appDb?.dispose());

  const scheduler = () => new Scheduler({ jobs, executions, clock, logger: silentLogger, pausedSources: async () => new Set() });
  const scheduled = async () => (await executions.list({ limit: 100, jobId: [jobId] })).map((e) => e.scheduledFor).sort();

  it('queues each tick exactly once, even with two schedulers ticking at the same time', async () => {
    expect(await scheduler().tick()).toBe(0);
    clock.set('2026-06-01T10:00:05Z');
    const counts = await Promise.all([scheduler().tick(), scheduler().tick(), scheduler().tick()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await scheduled()).toEqual(['2026-06-01T10:00:00.000Z']);
    clock.set('2026-06-01T10:05:01Z');
    await scheduler().tick();
    await scheduler().tick();
    expect(await scheduled()).toEqual(['2026-06-01T10:00:00.000Z', '2026-06-01T10:05:00.000Z']);
  });

  it('catches up once after downtime, not once per missed tick', async () => {
    clock.set('2026-06-03T08:07:00Z');
    expect(await scheduler().tick()).toBe(1);
    expect((await scheduled()).at(-1)).toBe('2026-06-03T08:05:00.000Z');
    const latest = (await executions.list({ limit: 1, jobId: [jobId] }))[0]!;
    expect((await executions.logs(latest.id)).map((l) => l.message)).toEqual(['Catch-up run for the missed 2026-06-03T08:05:00.000Z tick']);
  });

  it('skips disabled jobs and paused sources', async () => {
    const paused = new Scheduler({ jobs, executions, clock, logger: silentLogger, pausedSources: async () => new Set([(await jobs.get(jobId)).sourceId]) });
    clock.set('2026-06-03T08:10:01Z');
    expect(await paused.tick()).toBe(0);
    await jobs.update(jobId, { enabled: false });
    clock.set('2026-06-03T08:15:01Z');
    expect(await scheduler().tick()).toBe(0);
  });

  it('shows the next 5 runs in the job time zone', async () => {
    const job = await jobs.get(jobId);
    expect(job.nextRuns).toHaveLength(5);
    expect(job.scheduleDescription).toMatch(/5 minutes/);
  });
});
