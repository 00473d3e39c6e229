import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanDestination } from '../../src/pipeline/catalog.js';
import { scratchName } from '../support/databases.js';
import { createDatabase, PG_CONFIG } from '../support/postgres-fixture.js';
import { startCluster, type Cluster } from './support/cluster.js';
import { FULL, PROOF_TIMEOUT, proofRecorder, round, until } from './support/results.js';

const JOBS = FULL ? 200 : 12;
const LIMIT = 4;
const WORKERS = 2;
const proof = proofRecorder('load-queue-postgres');

/**
 * Records, inside every transaction that sets an execution running (a claim), how many are running at that
 * instant as the database sees them: claims are serialized, so the largest count is the true peak.
 */
async function watchRunningCount(cluster: Cluster): Promise<() => Promise<number>> {
  await sql.raw(`
    CREATE TABLE proof_running_counts (running int NOT NULL);
    CREATE FUNCTION proof_count_running() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO proof_running_counts SELECT count(*) FROM executions WHERE status = 'running'; RETURN NULL; END $$;
    CREATE TRIGGER proof_count_running AFTER UPDATE OF status ON executions FOR EACH ROW WHEN (NEW.status = 'running') EXECUTE FUNCTION proof_count_running();
  `).execute(cluster.appDb.db);
  return async () => (await sql<{ peak: number | null }>`SELECT max(running)::int AS peak FROM proof_running_counts`.execute(cluster.appDb.db)).rows[0]?.peak ?? 0;
}

/**
 * Jobs due in the same minute with PostgreSQL as the app database and two `lifeboat worker` processes: both run
 * the scheduler (so both try to queue every tick) and the queue (so both claim work). Every job is a real backup:
 * pg_dump of a tiny database to a local folder.
 */
describe(`${JOBS} jobs in the same minute, maxConcurrentJobs=${LIMIT}, ${WORKERS} workers on PostgreSQL`, () => {
  let cluster: Cluster;
  let database: Awaited<ReturnType<typeof createDatabase>>;

  beforeAll(async () => {
    cluster = await startCluster({ maxConcurrentJobs: LIMIT });
    database = await createDatabase(scratchName());
  });
  afterAll(async () => {
    await cluster?.close();
    await database?.cleanup();
    proof.flush();
  });

  it('queues each due job once, runs it once, and never more than the limit at once across workers', async () => {
    const { services } = cluster;
    const source = await services.sources.create({ name: 'tiny', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await services.destinations.create({ name: 'disk', kind: 'local', config: { path: path.join(cluster.dataDir, 'backups') } });
    // Every job's one daily tick is the start of the current minute; marking it as not yet handled makes it due now.
    const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const cron = `${tick.getUTCMinutes()} ${tick.getUTCHours()} * * *`;
    const jobIds: string[] = [];
    for (let i = 0; i < JOBS; i++) {
      const job = await services.jobs.create({ name: `job ${i}`, sourceId: source.id, destinationIds: [destination.id], databases: [database.name], schedule: { cron, timeZone: 'UTC' }, options: { prefix: `job-${i}` } });
      await services.jobs.repo.setLastScheduled(job.id, new Date(tick.getTime() - 30_000).toISOString());
      jobIds.push(job.id);
    }

    const peakAtClaims = await watchRunningCount(cluster);
    const started = Date.now();
    for (let i = 0; i < WORKERS; i++) cluster.startWorker();
    let peakSampled = 0;
    const drained = await until(async () => {
      peakSampled = Math.max(peakSampled, (await services.executions.list({ limit: 1000, status: ['running'] })).length);
      const all = await services.executions.list({ limit: 1000 });
      return all.length >= JOBS && all.every((e) => e.status !== 'queued' && e.status !== 'running');
    }, PROOF_TIMEOUT - 30_000, 'every due job run').then(() => true, () => false);
    const seconds = (Date.now() - started) / 1000;

    const rows = await services.executions.repo.list({ limit: 1000 });
    const runsPerJob = new Map<string, number>();
    for (const row of rows) runsPerJob.set(row.job_id!, (runsPerJob.get(row.job_id!) ?? 0) + 1);
    const perWorker = [...rows.reduce((m, r) => m.set(r.worker ?? '-', (m.get(r.worker ?? '-') ?? 0) + 1), new Map<string, number>()).values()].sort((a, b) => b - a);
    const catalog = await scanDestination((await services.destinations.open(destination.id)).destination);
    const backupJobs = new Set(catalog.backups.map((b) => b.sidecar.job?.id));
    const span = (Math.max(...rows.map((r) => Date.parse(r.finished_at ?? ''))) - Math.min(...rows.map((r) => Date.parse(r.started_at ?? '')))) / 1000;
    const figures = {
      jobs: JOBS, workers: WORKERS, limit: LIMIT, executions: rows.length, succeeded: rows.filter((r) => r.status === 'succeeded').length,
      scheduledForTheTick: rows.filter((r) => r.scheduled_for === tick.toISOString()).length,
      jobsRunMoreThanOnce: [...runsPerJob.values()].filter((n) => n > 1).length, jobsNeverRun: jobIds.filter((id) => !runsPerJob.has(id)).length,
      executionsPerWorker: perWorker.join('+'), peakConcurrent: await peakAtClaims(), peakConcurrentSampled: peakSampled,
      backupsStored: catalog.backups.length, distinctJobsInStorage: backupJobs.size,
      secondsFromWorkerStart: round(seconds), secondsFirstStartToLastEnd: round(span), runsPerSecond: round(JOBS / span),
    };
    // A run may fail for a reason outside the queue (a busy machine's connection timeout): it still ran once, and
    // the row names it; what the queue owes is one run per job, within the limit, and one backup per success.
    const failures = rows.filter((r) => r.status !== 'succeeded').map((r) => `${r.status}: ${r.error ?? ''}`.slice(0, 200));
    const passed = drained && figures.executions === JOBS && figures.scheduledForTheTick === JOBS && figures.jobsRunMoreThanOnce === 0 && figures.jobsNeverRun === 0 &&
      figures.peakConcurrent <= LIMIT && figures.backupsStored === figures.succeeded && figures.distinctJobsInStorage === figures.succeeded && rows.every((r) => r.status === 'succeeded' || r.status === 'failed');
    proof.record({
      id: 'load-postgres-two-workers', area: 'load', what: `${JOBS} jobs scheduled in the same minute, maxConcurrentJobs=${LIMIT}, PostgreSQL app DB, ${WORKERS} \`lifeboat worker\` processes`,
      how: `${JOBS} jobs with a daily schedule whose tick is the current minute, marked not yet handled; ${WORKERS} worker processes start together, each running the real scheduler and queue; every run is a real backup (pg_dump of a tiny database to a local folder); a trigger on the app DB counts the running executions inside every claim; executions read from the app DB, backups from storage`,
      expectation: `${JOBS} executions for the tick, each job queued and run exactly once, one stored backup per successful run; never more than ${LIMIT} running at once (counted by the database inside every claim)`,
      figures, passed, note: failures.length ? `${failures.length} run(s) ended without a backup: ${[...new Set(failures)].join('; ')}` : undefined,
    });
    expect(drained).toBe(true);
    expect(figures.executions).toBe(JOBS);
    expect(figures.scheduledForTheTick).toBe(JOBS);
    expect(figures.jobsRunMoreThanOnce).toBe(0);
    expect(figures.jobsNeverRun).toBe(0);
    expect(figures.peakConcurrent).toBeLessThanOrEqual(LIMIT);
    expect(figures.backupsStored).toBe(figures.succeeded);
    expect(figures.distinctJobsInStorage).toBe(figures.succeeded);
    expect(passed, failures.join('\n')).toBe(true);
    if (!FULL) expect(failures).toEqual([]); // a handful of runs on a CI machine: any failure is worth a look
  }, PROOF_TIMEOUT);
});
