import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPostgres } from '../../support/postgres-fixture.js';
import { createDatabase, seedMysql } from '../../support/mysql-fixture.js';
import { dropMariadb, scratchName, withMariadb, withPgAdmin } from '../../support/databases.js';
import { recoverInterrupted } from '../../../src/jobs/recovery.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { drillArtifact } from '../../../src/services/drills/drill-artifact.js';
import { readBackup } from '../../../src/services/restore/artifact.js';
import { stagingRecorder } from '../../../src/services/restore/staging-recovery.js';
import { editSidecar, localFolder, restoreApp } from './restore-support.js';

describe('restore drills', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const mysqlDb = scratchName();

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    seeded = await seedPostgres(scratchName());
    await createDatabase(mysqlDb);
    await seedMysql(mysqlDb);
  });
  afterAll(async () => {
    await seeded?.cleanup();
    await dropMariadb(mysqlDb);
    await app?.stop();
    folder.cleanup();
    const pgLeft = await withPgAdmin(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_drill\\_%'`)).rows);
    const myLeft = await withMariadb(async (c) => (await c.query(`SHOW DATABASES LIKE 'lifeboat\\_%\\_%'`))[0] as { [k: string]: string }[]);
    expect(pgLeft).toEqual([]);
    expect(myLeft.map((r) => Object.values(r)[0]).filter((n) => /^lifeboat_(drill|staging)_/.test(n!))).toEqual([]);
  });

  async function drillAfterBackup(sourceId: string, database: string, name = `drilled ${database}`) {
    const job = await app.call('POST', '/api/v1/jobs', {
      name, sourceId, destinationIds: [app.diskId], databases: [database],
      options: { drill: { enabled: true, targetSourceId: sourceId } },
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    const run = await app.call('POST', `/api/v1/jobs/${job.body.id}/run?wait=true`);
    expect(run.body.execution.status, run.body.execution.error).toBe('succeeded');
    const drill = await waitForDrill(job.body.id);
    return { jobId: job.body.id as string, drill, key: run.body.execution.result.artifacts[0].destinations[0].key as string };
  }

  async function waitForDrill(jobId: string, after = 0) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const list = await app.call('GET', `/api/v1/executions?jobId=${jobId}`);
      const drills = list.body.items.filter((e: { type: string }) => e.type === 'drill');
      if (drills.length > after) return app.services.jobRuns.waitFor(drills[0].id, AbortSignal.timeout(60_000));
      if (Date.now() > deadline) throw new Error('no drill was queued');
      await app.services.jobRuns.waitFor(list.body.items[0].id, AbortSignal.timeout(500));
    }
  }

  it('passes after a PostgreSQL backup, and fails when the recorded row counts differ', async () => {
    const { jobId, drill, key } = await drillAfterBackup(app.pgId, seeded.database);
    expect(drill, JSON.stringify(drill)).toMatchObject({ type: 'drill', status: 'succeeded', jobId });
    // A job with drills records exact figures: counts and content checksums are compared.
    expect(drill.result!.artifacts).toMatchObject([{ passed: true, mismatches: [], compared: 'counts-and-checksums' }]);

    editSidecar(folder.dir, key, (s) => { s.tables.find((t: { table: string }) => t.table === 'public.items').rows += 1; });
    const started = await app.services.drills.start(jobId, [{ destinationId: app.diskId, key }], 'manual');
    const failed = await app.services.jobRuns.waitFor(started.id, AbortSignal.timeout(60_000));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/public\.items: 2004 recorded, 2003 restored/);
  });

  it('drops the scratch database of a drill killed after its restore when recovery runs', async () => {
    const { key } = await drillAfterBackup(app.pgId, seeded.database, 'drilled, then killed');
    // Written as already running (a worker that then died), so this app's own queue never picks it up.
    const execution = { id: randomUUID() };
    const now = new Date().toISOString();
    await app.services.executions.repo.insert({
      id: execution.id, type: 'drill', status: 'running', trigger: 'manual', job_id: null, source_id: app.pgId, attempt: 1, max_attempts: 1,
      queued_at: now, started_at: now, worker: 'gone', scheduled_for: null, payload: null,
    });
    const target = await app.services.restore.openTarget(app.pgId);
    // The process "dies" while comparing: the scratch database is restored and the drill never gets to drop it.
    let comparing!: () => void;
    const reached = new Promise<void>((resolve) => { comparing = resolve; });
    const stalled = Object.create(target.source, { tableStats: { value: () => { comparing(); return new Promise(() => undefined); } } });
    const { destination } = await app.services.destinations.open(app.diskId);
    void drillArtifact({
      destination, backup: await readBackup(destination, key), target: { ...target, source: stalled }, signal: new AbortController().signal,
      log: async () => undefined, recordStaging: stagingRecorder(app.services.executions.repo, execution.id, false),
    });
    await reached;
    const scratch = async () => (await withPgAdmin((c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_drill\\_%'`))).rows.map((r) => r.datname as string);
    const [name] = await scratch();
    expect(name).toMatch(/^lifeboat_drill_[0-9a-f]{12}$/);

    await recoverInterrupted({ executions: app.services.executions, clock: app.runtime.clock, logger: silentLogger, cleanUp: (row) => app.services.restore.cleanUpInterrupted(row) });
    expect(await scratch()).toEqual([]);
    expect((await app.services.executions.get(execution.id)).error).toContain(`Dropped scratch database ${name}`);
    await destination.close();
  });

  it('passes after a MariaDB backup', async () => {
    const { drill } = await drillAfterBackup(app.mysqlId, mysqlDb);
    expect(drill.status, drill.error ?? '').toBe('succeeded');
    expect((drill.result!.artifacts as { tablesCompared: number }[])[0]!.tablesCompared).toBe(2);
  });
});
