import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { Scheduler } from '../../../src/jobs/scheduler.js';
import { seedPostgres } from '../../support/postgres-fixture.js';
import { scratchName, withPgAdmin } from '../../support/databases.js';
import { flipByte, localFolder, restoreApp } from './restore-support.js';

/** A job's own verification and drill schedules, and proof on demand through the job routes, on the machine's PostgreSQL. */
describe('scheduled verification and drills', () => {
  const folder = localFolder();
  const clock = new FakeClock('2030-06-01T09:58:00Z');
  let app: Awaited<ReturnType<typeof restoreApp>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let jobId: string;

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    seeded = await seedPostgres(scratchName());
  });
  afterAll(async () => {
    await seeded?.cleanup();
    await app?.stop();
    folder.cleanup();
    const left = await withPgAdmin(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_drill\\_%'`)).rows);
    expect(left).toEqual([]);
  });

  const scheduler = () => new Scheduler({ jobs: app.services.jobs, executions: app.services.executions, clock, logger: silentLogger, pausedSources: async () => new Set() });
  const proofRuns = async (type: string) => (await app.services.executions.list({ limit: 100, jobId: [jobId], type: [type] }));
  const finished = (id: string) => app.services.jobRuns.waitFor(id, AbortSignal.timeout(60_000));

  async function createJob(options: Record<string, unknown>, name = 'proved') {
    const job = await app.call('POST', '/api/v1/jobs', { name, sourceId: app.pgId, destinationIds: [app.diskId], databases: [seeded.database], options });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    return job.body.id as string;
  }

  async function backUpNow(id: string): Promise<string> {
    const run = await app.call('POST', `/api/v1/jobs/${id}/run?wait=true`);
    expect(run.body.execution.status, run.body.execution.error).toBe('succeeded');
    return run.body.execution.result.artifacts[0].destinations[0].key as string;
  }

  it('refuses drills without a target when the job is saved', async () => {
    const refused = await app.call('POST', '/api/v1/jobs', {
      name: 'no target', sourceId: app.pgId, destinationIds: [app.diskId], options: { drill: { enabled: true, schedule: { cron: '0 3 * * *', timeZone: 'UTC' } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/drills need a target/i);
  });

  it('verifies the newest backup on its own schedule, exactly once per tick, and records the result per backup', async () => {
    jobId = await createJob({
      verify: { schedule: { cron: '0 * * * *', timeZone: 'UTC' } },
      drill: { enabled: true, targetSourceId: app.pgId, afterBackup: false, schedule: { cron: '30 * * * *', timeZone: 'UTC' } },
    });
    await backUpNow(jobId);
    const key = await backUpNow(jobId);
    expect(await proofRuns('drill')).toEqual([]); // afterBackup: false

    expect(await scheduler().tick()).toBe(0);
    clock.set('2030-06-01T10:00:05Z');
    const counts = await Promise.all([scheduler().tick(), scheduler().tick()]);
    expect(counts[0]! + counts[1]!).toBe(1);
    const [queued] = await proofRuns('verify');
    expect(queued).toMatchObject({ trigger: 'schedule', scheduledFor: '2030-06-01T10:00:00.000Z' });
    const verified = await finished(queued!.id);
    expect(verified.status, verified.error ?? '').toBe('succeeded');
    expect(verified.result).toMatchObject({ status: 'passed', backups: [{ key, status: 'passed', checksumOk: true }] });

    const records = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/verifications?key=${encodeURIComponent(key)}`);
    expect(records.body).toMatchObject([{ status: 'passed', executionId: queued!.id }]);
    expect(await scheduler().tick()).toBe(0);
  });

  it('drills the newest backup on its own schedule', async () => {
    clock.set('2030-06-01T10:30:10Z');
    expect(await scheduler().tick()).toBe(1);
    const [drill] = await proofRuns('drill');
    expect(drill).toMatchObject({ trigger: 'schedule', scheduledFor: '2030-06-01T10:30:00.000Z', sourceId: app.pgId });
    const done = await finished(drill!.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.result).toMatchObject({ passed: true, artifacts: [{ passed: true, mismatches: [], database: seeded.database }] });
    expect((done.result as { artifacts: { tablesCompared: number }[] }).artifacts[0]!.tablesCompared).toBeGreaterThan(0);
  });

  it('queues a backup and a verification due at the same tick, each once', async () => {
    await app.call('PATCH', `/api/v1/jobs/${jobId}`, { schedule: { cron: '0 * * * *', timeZone: 'UTC' } });
    clock.set('2030-06-01T11:00:03Z');
    expect(await scheduler().tick()).toBe(2);
    const [backup] = await app.services.executions.list({ limit: 1, jobId: [jobId], type: ['backup'] });
    const [verify] = await proofRuns('verify');
    expect([backup!.scheduledFor, verify!.scheduledFor]).toEqual(['2030-06-01T11:00:00.000Z', '2030-06-01T11:00:00.000Z']);
    expect((await finished(backup!.id)).status).toBe('succeeded');
    const verified = await finished(verify!.id);
    expect(verified.status, verified.error ?? '').toBe('succeeded');
    expect(verified.result).toMatchObject({ status: 'passed', backups: [{ status: 'passed' }] });
    await app.call('PATCH', `/api/v1/jobs/${jobId}`, { schedule: null });
  });

  it('fails a verification when a destination of the job holds none of its backups, still checking the others', async () => {
    const empty = localFolder();
    try {
      const second = await app.call('POST', '/api/v1/destinations', { name: 'empty disk', kind: 'local', config: { path: empty.dir } });
      await app.call('PATCH', `/api/v1/jobs/${jobId}`, { destinationIds: [app.diskId, second.body.id] });
      const run = await app.call('POST', `/api/v1/jobs/${jobId}/verify?wait=true`);
      expect(run.body).toMatchObject({ status: 'failed', error: 'empty disk: no backups of this job' });
      expect(run.body.result.backups).toMatchObject([{ destinationId: app.diskId, status: 'passed' }]);
    } finally {
      await app.call('PATCH', `/api/v1/jobs/${jobId}`, { destinationIds: [app.diskId] });
      empty.cleanup();
    }
  });

  it('verifies on demand and fails, naming the backup, when stored bytes were altered', async () => {
    const [newest] = (await app.call('GET', `/api/v1/destinations/${app.diskId}/backups?job=${jobId}`)).body.items;
    flipByte(folder.dir, newest.key, 100);
    const run = await app.call('POST', `/api/v1/jobs/${jobId}/verify?wait=true`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ type: 'verify', trigger: 'manual', status: 'failed', jobId });
    expect(run.body.error).toContain(newest.key);
    const records = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/verifications?key=${encodeURIComponent(newest.key)}`);
    expect(records.body[0]).toMatchObject({ status: 'failed', checksumOk: false });
  });

  it('drills on demand: a restore that fails is a failed drill', async () => {
    const run = await app.call('POST', `/api/v1/jobs/${jobId}/drill?wait=true`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ type: 'drill', trigger: 'manual', status: 'failed', jobId });
    expect(run.body.error).toMatch(/checksum|sha256|integrity/i);
    const fresh = await backUpNow(jobId);
    const passed = await app.call('POST', `/api/v1/jobs/${jobId}/drill?wait=true`);
    expect(passed.body.status, passed.body.error).toBe('succeeded');
    expect(passed.body.result.artifacts).toMatchObject([{ key: fresh, passed: true }]);
  });

  it('fails a drill of a job without backups, and refuses one without a drill target', async () => {
    const empty = await createJob({ drill: { enabled: false, targetSourceId: app.pgId } }, 'never ran');
    const run = await app.call('POST', `/api/v1/jobs/${empty}/drill?wait=true`);
    expect(run.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/no backups on its destinations/) });
    const noTarget = await createJob({}, 'no drill target');
    expect((await app.call('POST', `/api/v1/jobs/${noTarget}/drill`)).status).toBe(400);
    expect((await app.call('POST', '/api/v1/jobs/unknown/drill')).status).toBe(404);
  });
});
