import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../../src/adapters/destinations/local/local.destination.js';
import { startBackgroundWork } from '../../../src/main/background.js';
import { scanDestination } from '../../../src/pipeline/catalog.js';
import { PG_CONFIG, seedPostgres } from '../../support/postgres-fixture.js';
import { createTestApp } from '../../support/test-app.js';
import { putBackups } from '../storage/seed-backups.js';

/** Retention runs after each backup the queue runs, on the job's own backups, and says so in the run's log. */
describe('a job run through the queue', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-job-prune-'));
  const storage = new LocalDestination(dir);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 200 });
    seeded = await seedPostgres();
  });
  afterAll(async () => {
    await background?.stop();
    await t?.dispose();
    await seeded?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prunes the job’s older backups after a successful run, leaving other backups alone', async () => {
    const source = await t.call('POST', '/api/v1/sources', { name: 'machine postgres', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await t.call('POST', '/api/v1/destinations', { name: 'disk', kind: 'local', config: { path: dir } });
    const created = await t.call('POST', '/api/v1/jobs', {
      name: 'pruned', sourceId: source.body.id, destinationIds: [destination.body.id], databases: [seeded.database], retention: { keepLast: 2 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const job = { id: created.body.id, name: 'pruned' };
    const same = { source: 'machine postgres', engine: 'postgres', database: seeded.database, job };
    const old = await putBackups(storage, ['2025-01-01', '2025-01-02', '2025-01-03'].map((d) => ({ ...same, startedAt: `${d}T03:00:00Z` })));
    const foreign = await putBackups(storage, [{ ...same, job: null, startedAt: '2024-12-01T03:00:00Z' }]);

    const run = await t.call('POST', `/api/v1/jobs/${job.id}/run?wait=true`);
    expect(run.body.execution.status).toBe('succeeded');

    const keys = (await scanDestination(storage)).backups.map((b) => b.key);
    // keepLast 2: the new backup and the newest old one; the ad-hoc backup is not the job's.
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(expect.arrayContaining([old[2], foreign[0]]));
    expect(keys).not.toContain(old[0]);
    expect(keys).not.toContain(old[1]);
    const logs = (await t.call('GET', `/api/v1/executions/${run.body.execution.id}/logs`)).body.map((l: { message: string }) => l.message);
    expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/^Retention on disk: deleting 2 backup\(s\)/), expect.stringContaining(`Retention deleted ${old[0]}`), expect.stringContaining(`Retention deleted ${old[1]}`)]));
  });
});
