import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../../src/main/background.js';
import { scanDestination } from '../../../src/pipeline/catalog.js';
import { runRestore } from '../../../src/pipeline/restore.js';
import { PG_CONFIG, createDatabase, fingerprintPostgres, pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { DIALECTS } from '../../support/app-db.js';
import { createTestApp } from '../../support/test-app.js';

/** The whole path a user takes: source + destination + job through the API, run, backup on storage, restore. */
describe.each(DIALECTS)('running a job on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-job-'));
  let jobId: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 200 });
    seeded = await seedPostgres();
    const source = await t.call('POST', '/api/v1/sources', { name: 'machine postgres', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await t.call('POST', '/api/v1/destinations', { name: 'local disk', kind: 'local', config: { path: dir } });
    const job = await t.call('POST', '/api/v1/jobs', {
      name: 'nightly', sourceId: source.body.id, destinationIds: [destination.body.id], databases: [seeded.database],
      schedule: { cron: '0 3 * * *', timeZone: 'UTC' }, compression: 'zstd:3', retention: { keepLast: 7 },
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    jobId = job.body.id;
  });
  afterAll(async () => {
    await background?.stop();
    await t?.dispose();
    await seeded?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with wait=true, records the execution, and stores a restorable backup', async () => {
    const run = await t.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    expect(run.status).toBe(200);
    expect(run.body.execution).toMatchObject({ status: 'succeeded', trigger: 'manual', jobId, error: null });
    expect(run.body.execution.progress.bytes).toBeGreaterThan(0);

    const history = await t.call('GET', `/api/v1/executions?status=succeeded&jobId=${jobId}`);
    expect(history.body.items).toHaveLength(1);
    expect(history.body.facets.status).toEqual([{ value: 'succeeded', count: 1 }]);
    const logs = await t.call('GET', `/api/v1/executions/${run.body.execution.id}/logs`);
    expect(logs.body.map((l: { message: string }) => l.message).join('\n')).toMatch(/stored/);

    const { destination } = await t.services.destinations.open((await t.call('GET', '/api/v1/destinations')).body[0].id);
    const catalog = await scanDestination(destination);
    expect(catalog.orphans).toEqual([]);
    expect(catalog.backups).toHaveLength(1);
    const [backup] = catalog.backups;
    expect(backup!.sidecar).toMatchObject({ job: { id: jobId, name: 'nightly' }, database: seeded.database, source: { name: 'machine postgres', engine: 'postgres' } });

    const target = await createDatabase(`${seeded.database}_restored`);
    try {
      await runRestore({ destination, sidecarKey: backup!.sidecarKey, sidecar: backup!.sidecar, target: pgSource(), options: { database: target.name }, signal: new AbortController().signal });
      expect(await fingerprintPostgres(target.name)).toEqual(await fingerprintPostgres(seeded.database));
    } finally {
      await target.cleanup();
    }
  });

  it('exposes a job last success, size, duration and the queue depth as metrics', async () => {
    const response = await t.app.request('/metrics');
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/lifeboat_job_last_success_timestamp_seconds\{job="nightly"\} \d+/);
    expect(text).toMatch(/lifeboat_job_last_backup_size_bytes\{job="nightly"\} [1-9]\d*/);
    expect(text).toMatch(/lifeboat_queue_depth\{status="queued"\} 0/);
  });

  it('reports a failing run with its reason, and wait=true returns it', async () => {
    await t.call('PATCH', `/api/v1/jobs/${jobId}`, { databases: ['lifeboat_test_0_does_not_exist'] });
    const run = await t.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    expect(run.body.execution.status).toBe('failed');
    expect(run.body.execution.error).toMatch(/does not exist/);
  });

  it('streams live updates over SSE until the run ends', async () => {
    const run = await t.call('POST', `/api/v1/jobs/${jobId}/run`);
    expect(run.status).toBe(202);
    const response = await t.app.request(`/api/v1/executions/${run.body.execution.id}/events`);
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(text).toMatch(/event: execution/);
    expect(text).toMatch(/"status":"failed"/);
  });
});
