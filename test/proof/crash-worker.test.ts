import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../src/adapters/destinations/local/local.destination.js';
import { scanDestination } from '../../src/pipeline/catalog.js';
import type { ExecutionView } from '../../src/services/executions/execution-view.js';
import { dropPostgres, scratchName, withPgAdmin } from '../support/databases.js';
import { PG_CONFIG, fingerprintPostgres, seedPostgres, withPgDatabase } from '../support/postgres-fixture.js';
import { startCluster, type Cluster, type ProofWorker } from './support/cluster.js';
import { FULL, PROOF_TIMEOUT, proofRecorder, round, seededRandom, until } from './support/results.js';
import { lifeboat } from './support/server.js';
import { classifyFolder, restoresTo, verifyStored } from './support/storage-check.js';

const CRASHES = FULL ? 20 : 2;
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 1_000_000);
const LEASE_SECONDS = 3;
const proof = proofRecorder('crash-worker');

type Kind = 'backup' | 'restore';
interface Kill { delayMs: number; recoveryMs: number; status: string; error: string | null }

/**
 * kill -9 of a `lifeboat worker` (PostgreSQL app database) at seeded random points of backups and of restores,
 * a new worker started each time. Afterwards: nothing left running, storage presents only complete, verifying
 * backups, and each restore target is either absent or fully restored, never empty or half-written, with no staging
 * database left behind.
 */
describe(`kill -9 of lifeboat worker during ${CRASHES} backups and ${CRASHES} restores (seed ${SEED})`, () => {
  let cluster: Cluster;
  let worker: ProofWorker;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let expected: Awaited<ReturnType<typeof fingerprintPostgres>>;
  let ids: { source: string; destination: string; job: string };
  let backups: string;
  const targets: string[] = [];
  const cleanMs: Record<Kind, number> = { backup: 0, restore: 0 };
  let restoreKey = '';

  const settled = (id: string) => until(async () => {
    const execution = await cluster.services.executions.get(id);
    return execution.status !== 'queued' && execution.status !== 'running' && execution;
  }, 120_000, `execution ${id} settled`);
  const start = async (kind: Kind): Promise<ExecutionView> => {
    if (kind === 'backup') return (await cluster.services.jobRuns.trigger(ids.job, 'api')).execution;
    const database = scratchName();
    targets.push(database);
    return cluster.services.restore.start({ destinationId: ids.destination, keys: [restoreKey], targetSourceId: ids.source, database }, 'api');
  };
  const runClean = async (kind: Kind) => {
    const done = await settled((await start(kind)).id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    return done;
  };

  beforeAll(async () => {
    cluster = await startCluster({ maxConcurrentJobs: 2, workerLeaseSeconds: LEASE_SECONDS });
    seeded = await seedPostgres();
    expected = await fingerprintPostgres(seeded.database);
    backups = path.join(cluster.dataDir, 'backups');
    const { services } = cluster;
    const source = await services.sources.create({ name: 'crash source', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await services.destinations.create({ name: 'crash disk', kind: 'local', config: { path: backups } });
    const job = await services.jobs.create({ name: 'crash job', sourceId: source.id, destinationIds: [destination.id], databases: [seeded.database], compression: 'zstd:3' });
    ids = { source: source.id, destination: destination.id, job: job.id };
    worker = cluster.startWorker();
    const backup = await runClean('backup');
    cleanMs.backup = Date.parse(backup.finishedAt!) - Date.parse(backup.startedAt!);
    restoreKey = (await scanDestination(new LocalDestination(backups))).backups[0]!.key;
    const restore = await runClean('restore');
    cleanMs.restore = Date.parse(restore.finishedAt!) - Date.parse(restore.startedAt!);
  }, PROOF_TIMEOUT);
  afterAll(async () => {
    await cluster?.close();
    for (const target of targets) await dropPostgres(target);
    for (const staging of await stagingLeft().catch(() => [])) await dropPostgres(staging);
    await seeded?.cleanup();
    proof.flush();
  });

  /** Starts a run, kills its worker after a random delay once it runs, starts a new worker, waits for the run to settle. */
  async function crashes(kind: Kind, random: () => number): Promise<Kill[]> {
    const kills: Kill[] = [];
    for (let i = 0; i < CRASHES; i++) {
      const execution = await start(kind);
      await until(async () => (await cluster.services.executions.get(execution.id)).status !== 'queued', 120_000, `${kind} claimed (a new worker may still be starting)`);
      // The fault injection itself: a random instant in [0, 1.2 x a clean run] after the worker claimed the run.
      const delayMs = Math.round(random() * cleanMs[kind] * 1.2);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await worker.kill9();
      const killedAt = Date.now();
      worker = cluster.startWorker();
      const done = await settled(execution.id);
      kills.push({ delayMs, recoveryMs: Date.now() - killedAt, status: done.status, error: done.error });
    }
    return kills;
  }

  /** Databases named `<target>__lifeboat_restore_<id>`: a restore's staging database left behind. */
  const stagingLeft = () => withPgAdmin(async (c) => (await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE '%\\_\\_lifeboat\\_restore\\_%'`,
  )).rows.map((r) => r.datname).filter((name) => targets.some((t) => name.startsWith(`${t}__lifeboat_restore_`))));

  /** What each restore target holds: nothing, everything, or a part; and an empty one (a restore left it behind). */
  async function targetStates() {
    const states = { absent: 0, leftEmpty: 0, fullyRestored: 0, partial: 0 };
    for (const name of targets) {
      const exists = await withPgAdmin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
      if (!exists) { states.absent++; continue; }
      const tables = await withPgDatabase(name, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`)).rows[0]!.n);
      if (tables === 0) states.leftEmpty++;
      else if (JSON.stringify(await fingerprintPostgres(name)) === JSON.stringify(expected)) states.fullyRestored++;
      else states.partial++;
    }
    return { ...states, stagingDatabasesLeft: (await stagingLeft()).length };
  }

  it('leaves nothing running, publishes only complete verifying backups, and never an empty or half-restored target', async () => {
    const random = seededRandom(SEED);
    const killed: Record<Kind, Kill[]> = { backup: await crashes('backup', random), restore: await crashes('restore', random) };
    // A new worker takes the next runs as if nothing happened.
    await runClean('backup');
    await runClean('restore');
    const unfinished = await cluster.unfinished();

    const destination = new LocalDestination(backups);
    const catalog = await scanDestination(destination);
    const disk = classifyFolder(backups);
    const ls = JSON.parse((await lifeboat(['ls', backups, '--json'])).stdout) as { backups: { key: string }[]; orphans: { key: string }[] };
    let verified = 0;
    let restored = 0;
    for (const backup of catalog.backups) {
      if (await verifyStored(destination, backup)) verified++;
      if (await restoresTo(destination, backup, expected, scratchName())) restored++;
    }
    const listedWithoutSidecar = ls.backups.filter((b) => disk.withoutSidecar.includes(b.key)).length + catalog.backups.filter((b) => disk.withoutSidecar.includes(b.key)).length;
    const states = await targetStates();
    const sessions = () => withPgAdmin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ANY($1)`, [[seeded.database, ...targets]])).rows[0].n as number);
    await until(async () => (await sessions()) === 0, 10_000, 'tool sessions gone').catch(() => undefined);
    const straySessions = await sessions();

    const common = { seed: SEED, crashes: CRASHES, workerLeaseSeconds: LEASE_SECONDS };
    const summary = (kills: Kill[], kind: Kind) => ({
      cleanRunMs: cleanMs[kind], killDelayMsMin: Math.min(...kills.map((k) => k.delayMs)), killDelayMsMax: Math.max(...kills.map((k) => k.delayMs)),
      failedByCrash: kills.filter((k) => k.status === 'failed' && /stopped answering/.test(k.error ?? '')).length,
      finishedBeforeTheKill: kills.filter((k) => k.status === 'succeeded').length, recoverySecondsMax: round(Math.max(...kills.map((k) => k.recoveryMs)) / 1000),
    });
    const backupFigures = {
      ...common, ...summary(killed.backup, 'backup'), leftRunningOrQueued: unfinished, backupsWithSidecar: catalog.backups.length, artifactsWithoutSidecar: disk.withoutSidecar.length,
      listedWithoutSidecar, orphansFlaggedByLs: ls.orphans.length, temporaryUploadFilesLeft: disk.temporary.length, verified, restored, straySessions,
    };
    const backupHolds = unfinished === 0 && listedWithoutSidecar === 0 && verified === catalog.backups.length && restored === catalog.backups.length && ls.backups.length === catalog.backups.length;
    proof.record({
      id: 'crash-worker-backup', area: 'crash', what: 'kill -9 of a `lifeboat worker` (PostgreSQL app DB, local destination, real PostgreSQL source) at random points of backups',
      how: `${CRASHES} backups, each worker killed after a seeded random delay in [0, 1.2 x clean run] from the moment it claimed the run; a new worker started each time (lease ${LEASE_SECONDS} s); then \`lifeboat ls --json\`, files on disk, sha256 of every stored artifact, restore of every backup compared by per-table row counts and checksums`,
      expectation: '0 executions left running or queued; 0 artifacts without a sidecar listed as backups; every backup with a sidecar verifies and restores identically',
      figures: backupFigures, passed: backupHolds,
      note: disk.temporary.length > 0 ? 'Killed uploads leave hidden `.partial-*` files on a local destination: never listed; the next successful upload to that folder removes them once they are a day old.' : undefined,
    });
    const stagingDropped = killed.restore.filter((k) => /Dropped staging database/.test(k.error ?? '')).length;
    const restoreHolds = unfinished === 0 && states.partial === 0 && states.leftEmpty === 0 && states.stagingDatabasesLeft === 0 && states.fullyRestored + states.absent === targets.length;
    proof.record({
      id: 'crash-worker-restore', area: 'crash', what: 'kill -9 of a `lifeboat worker` at random points of restores into a new database',
      how: `${CRASHES} restores of one backup (each into a new database Lifeboat creates: restored into a staging database recorded on the execution, renamed to the target on success), each worker killed after a seeded random delay in [0, 1.2 x clean run] from the moment it claimed the run; every target then read directly: absent, empty, or compared table by table with the source; staging databases left on the server counted`,
      expectation: '0 executions left running; every target either absent or fully restored: none empty, none half-written; 0 staging databases left (the worker that recovers an interrupted restore drops its recorded staging database)',
      figures: { ...common, ...summary(killed.restore, 'restore'), targets: targets.length, ...states, stagingDroppedByRecovery: stagingDropped, straySessions },
      passed: restoreHolds,
      note: states.leftEmpty + states.stagingDatabasesLeft > 0 ? `${states.leftEmpty} empty target(s) and ${states.stagingDatabasesLeft} staging database(s) left behind.` : undefined,
    });
    expect(unfinished).toBe(0);
    expect(listedWithoutSidecar).toBe(0);
    expect(ls.backups.map((b) => b.key).sort()).toEqual(catalog.backups.map((b) => b.key).sort());
    expect(verified).toBe(catalog.backups.length);
    expect(restored).toBe(catalog.backups.length);
    expect(states.partial).toBe(0);
    expect(states.leftEmpty).toBe(0);
    expect(states.stagingDatabasesLeft).toBe(0);
    expect(straySessions).toBe(0);
  }, PROOF_TIMEOUT);
});
