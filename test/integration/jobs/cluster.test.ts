import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../../src/config/secret-box.js';
import { loadEnv } from '../../../src/config/env.js';
import { migrate, openAppDb } from '../../../src/db/database.js';
import { systemClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { buildServices } from '../../../src/main/services.js';
import { scanDestination } from '../../../src/pipeline/catalog.js';
import { BIN } from '../../support/cli.js';
import { createScratchPostgres } from '../../support/databases.js';
import { PG_CONFIG, seedPostgres } from '../../support/postgres-fixture.js';

/** One app database on PostgreSQL, two `lifeboat worker` processes sharing its queue. */
describe('several workers on PostgreSQL', () => {
  const key = randomBytes(32).toString('base64');
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-cluster-'));
  let appDbScratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let services: ReturnType<typeof buildServices>;
  let close: () => Promise<void>;
  const workers: ChildProcess[] = [];
  let sourceId: string;
  let destinationId: string;

  const startWorker = () => {
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: appDbScratch.url, LIFEBOAT_ENCRYPTION_KEY: key, LIFEBOAT_DATA_DIR: dir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  };
  const until = async (condition: () => Promise<boolean>, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('Condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 200)); // polling real worker processes
    }
  };

  beforeAll(async () => {
    appDbScratch = await createScratchPostgres();
    seeded = await seedPostgres();
    const appDb = openAppDb({ databaseUrl: appDbScratch.url, dataDir: dir });
    await migrate(appDb);
    const runtime = { env: loadEnv({ LIFEBOAT_DATA_DIR: dir }), appDb, secretBox: SecretBox.fromKey(Buffer.from(key, 'base64')), logger: silentLogger, clock: systemClock };
    services = buildServices(runtime);
    close = () => appDb.close();
    await services.settings.set('maxConcurrentJobs', 3);
    await services.settings.set('workerLeaseSeconds', 3);
    sourceId = (await services.sources.create({ name: 'pg', kind: 'postgres', config: { ...PG_CONFIG } })).id;
    destinationId = (await services.destinations.create({ name: 'disk', kind: 'local', config: { path: path.join(dir, 'backups') } })).id;
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await close?.();
    await appDbScratch?.drop();
    await seeded?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs 30 triggered jobs exactly once each, never more than 3 at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const job = await services.jobs.create({ name: `job ${i}`, sourceId, destinationIds: [destinationId], databases: [seeded.database], options: { prefix: `job-${i}` } });
      ids.push((await services.jobRuns.trigger(job.id, 'api')).execution.id);
    }
    startWorker();
    startWorker();
    let peak = 0;
    await until(async () => {
      const running = (await services.executions.list({ limit: 100, status: ['running'] })).length;
      peak = Math.max(peak, running);
      return (await services.executions.list({ limit: 100, status: ['queued', 'running'] })).length === 0;
    });
    const done = await services.executions.list({ limit: 100 });
    expect(done.map((e) => e.status)).toEqual(Array(30).fill('succeeded'));
    expect(peak).toBeLessThanOrEqual(3);
    const { destination } = await services.destinations.open(destinationId);
    const catalog = await scanDestination(destination);
    expect(catalog.backups).toHaveLength(30);
    expect(new Set(catalog.backups.map((b) => b.sidecar.job!.id)).size).toBe(30);
  });

  it('fails the execution of a worker killed mid-job once its lease expires', async () => {
    // A lock held by the test makes pg_dump wait, so the run is reliably in progress when its worker dies.
    const locker = new pg.Client({ ...PG_CONFIG, database: seeded.database });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE items IN ACCESS EXCLUSIVE MODE');
      const job = await services.jobs.create({ name: 'blocked', sourceId, destinationIds: [destinationId], databases: [seeded.database] });
      const { execution } = await services.jobRuns.trigger(job.id, 'api');
      await until(async () => (await services.executions.get(execution.id)).status === 'running');
      const row = await services.executions.repo.find(execution.id);
      const victim = workers.find((w) => row!.worker!.includes(`-${w.pid}-`))!;
      victim.kill('SIGKILL');
      await until(async () => (await services.executions.get(execution.id)).status !== 'running', 30_000);
      expect(await services.executions.get(execution.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/stopped answering/) });
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });
});
