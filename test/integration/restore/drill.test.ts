import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPostgres } from '../../support/postgres-fixture.js';
import { createDatabase, seedMysql } from '../../support/mysql-fixture.js';
import { dropMariadb, scratchName, withMariadb, withPgAdmin } from '../../support/databases.js';
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

  async function drillAfterBackup(sourceId: string, database: string) {
    const job = await app.call('POST', '/api/v1/jobs', {
      name: `drilled ${database}`, sourceId, destinationIds: [app.diskId], databases: [database],
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

  it('passes after a MariaDB backup', async () => {
    const { drill } = await drillAfterBackup(app.mysqlId, mysqlDb);
    expect(drill.status, drill.error ?? '').toBe('succeeded');
    expect((drill.result!.artifacts as { tablesCompared: number }[])[0]!.tablesCompared).toBe(2);
  });
});
