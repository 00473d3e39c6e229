import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../src/adapters/destinations/local/local.destination.js';
import { scanDestination } from '../../src/pipeline/catalog.js';
import { scratchName, withPgAdmin } from '../support/databases.js';
import { PG_CONFIG, fingerprintPostgres, seedPostgres } from '../support/postgres-fixture.js';
import { FULL, PROOF_TIMEOUT, proofRecorder, seededRandom, until } from './support/results.js';
import { adminClient, lifeboat, startProofServer, type ApiClient, type ProofServer } from './support/server.js';
import { classifyFolder, restoresTo, verifyStored } from './support/storage-check.js';

const CRASHES = FULL ? 20 : 5;
const SEED = Number(process.env.PROOF_SEED ?? Date.now() % 1_000_000);
const proof = proofRecorder('crash');
const ADMIN = { email: 'admin@example.test', password: 'crash proof admin password' };

/**
 * kill -9 of the single-node server at random points of backups (seeded, so a schedule can be replayed with
 * PROOF_SEED), restart on the same data directory, and check what storage and the API present afterwards.
 */
describe(`kill -9 of lifeboat serve during ${CRASHES} backups`, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-crash-'));
  const dataDir = path.join(root, 'data');
  const cwd = path.join(root, 'cwd');
  const backups = path.join(root, 'backups');
  let server: ProofServer | undefined;
  let api: ApiClient;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let jobId: string;
  let destinationId: string;
  let cleanRunMs = 0;

  const start = async (firstRun = false) => {
    server = await startProofServer({ dataDir, cwd });
    api = await adminClient(() => server!.url, ADMIN, firstRun);
  };
  const unfinished = async () => (await api.call('GET', '/api/v1/executions?status=running,queued&limit=500')).body.items as { id: string }[];

  beforeAll(async () => {
    mkdirSync(cwd, { recursive: true });
    seeded = await seedPostgres();
    await start(true);
    const source = await api.call('POST', '/api/v1/sources', { name: 'crash source', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await api.call('POST', '/api/v1/destinations', { name: 'crash disk', kind: 'local', config: { path: backups } });
    destinationId = destination.body.id;
    const job = await api.call('POST', '/api/v1/jobs', { name: 'crash job', sourceId: source.body.id, destinationIds: [destinationId], databases: [seeded.database], compression: 'zstd:3' });
    expect(job.status, job.text).toBe(201);
    jobId = job.body.id;
    const t0 = Date.now();
    const clean = await api.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    cleanRunMs = Date.now() - t0;
    expect(clean.body.execution.status, clean.text).toBe('succeeded');
  }, PROOF_TIMEOUT);
  afterAll(async () => {
    await server?.stop();
    await seeded?.cleanup();
    rmSync(root, { recursive: true, force: true });
    proof.flush();
  });

  it('leaves nothing running, presents no artifact without sidecar as a backup, and every backup verifies and restores', async () => {
    const random = seededRandom(SEED);
    const kills: { delayMs: number; recoveryMs: number }[] = [];
    for (let i = 0; i < CRASHES; i++) {
      const run = await api.call('POST', `/api/v1/jobs/${jobId}/run`);
      expect(run.status, run.text).toBe(202);
      // The fault injection itself: a random instant between the request and a bit past a clean run's length.
      const delayMs = Math.round(random() * cleanRunMs * 1.2);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await server!.kill9();
      const restartedAt = Date.now();
      await start();
      await until(async () => (await unfinished()).length === 0, 30_000, 'interrupted executions recovered');
      kills.push({ delayMs, recoveryMs: Date.now() - restartedAt });
    }
    const after = await api.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    expect(after.body.execution.status, after.text).toBe('succeeded');

    const history = (await api.call('GET', `/api/v1/executions?jobId=${jobId}&limit=500`)).body.items as { status: string; error: string | null }[];
    const byStatus = (s: string) => history.filter((e) => e.status === s).length;
    const listed = (await api.call('GET', `/api/v1/destinations/${destinationId}/backups?refresh=true&limit=1000`)).body;
    const disk = classifyFolder(backups);
    const ls = JSON.parse((await lifeboat(['ls', backups, '--json'])).stdout) as { backups: { key: string }[]; orphans: { key: string }[] };
    const keys = (items: { key: string }[]) => items.map((b) => b.key).sort();

    const destination = new LocalDestination(backups);
    const catalog = await scanDestination(destination);
    const expected = await fingerprintPostgres(seeded.database);
    let verified = 0;
    let restored = 0;
    for (const backup of catalog.backups) {
      if (await verifyStored(destination, backup)) verified++;
      if (await restoresTo(destination, backup, expected, scratchName())) restored++;
    }
    // A killed server's pg_dump sees its pipe close and exits; give it a moment, then count what is left.
    const sessions = () => withPgAdmin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [seeded.database])).rows[0].n as number);
    await until(async () => (await sessions()) === 0, 10_000, 'pg_dump sessions gone').catch(() => undefined);
    const strayDumps = await sessions();
    const strayCwdFiles = readdirSync(cwd).length;

    const figures = {
      seed: SEED, crashes: CRASHES, cleanRunMs, killDelayMsMin: Math.min(...kills.map((k) => k.delayMs)), killDelayMsMax: Math.max(...kills.map((k) => k.delayMs)),
      executions: history.length, succeeded: byStatus('succeeded'), failedByCrash: history.filter((e) => e.status === 'failed' && /stopped while this ran/.test(e.error ?? '')).length,
      leftRunningOrQueued: byStatus('running') + byStatus('queued'), recoveryMsMax: Math.max(...kills.map((k) => k.recoveryMs)),
      backupsWithSidecar: catalog.backups.length, artifactsWithoutSidecar: disk.withoutSidecar.length, orphansFlagged: listed.orphans.length,
      orphansPresentedAsBackups: listed.items.filter((b: { key: string }) => disk.withoutSidecar.includes(b.key)).length,
      // Killed after the sidecar was written but before the result was recorded: a valid backup, a failed execution.
      completeButRecordedFailed: catalog.backups.length - byStatus('succeeded'),
      temporaryUploadFilesLeft: disk.temporary.length, verified, restored, strayPgDumpSessions: strayDumps, strayFilesInServerCwd: strayCwdFiles,
    };
    const holds =
      figures.leftRunningOrQueued === 0 && figures.orphansPresentedAsBackups === 0 && verified === catalog.backups.length && restored === catalog.backups.length &&
      keys(listed.orphans).join() === [...disk.withoutSidecar].sort().join() && keys(ls.orphans).join() === keys(listed.orphans).join() &&
      keys(ls.backups).join() === keys(listed.items).join() && catalog.backups.length >= figures.succeeded;
    proof.record({
      id: 'crash-single-node', area: 'crash', what: 'kill -9 of `lifeboat serve` (SQLite app DB, local destination, real PostgreSQL source) at random points of backups',
      how: `${CRASHES} runs, each killed after a seeded random delay in [0, 1.2 x clean run]; restart on the same data dir; explorer API, \`lifeboat ls --json\`, files on disk, sha256 of every stored artifact, restore of every backup into a fresh database compared by per-table row counts and checksums`,
      expectation: '0 executions left running or queued; 0 artifacts without sidecar listed as backups (orphans flagged only); every backup with a sidecar verifies and restores identically',
      figures, passed: holds,
      note: figures.temporaryUploadFilesLeft > 0 ? 'Killed uploads leave hidden `.partial-*` files on a local destination: never listed; the next successful upload to that folder removes them once they are a day old.' : undefined,
    });
    expect(figures.leftRunningOrQueued).toBe(0);
    expect(figures.orphansPresentedAsBackups).toBe(0);
    expect(keys(listed.orphans)).toEqual([...disk.withoutSidecar].sort());
    expect(keys(ls.orphans)).toEqual(keys(listed.orphans));
    expect(keys(ls.backups)).toEqual(keys(listed.items));
    expect(listed.problems).toEqual([]);
    expect(verified).toBe(catalog.backups.length);
    expect(restored).toBe(catalog.backups.length);
    expect(catalog.backups.length).toBeGreaterThanOrEqual(figures.succeeded);
    expect(figures.strayPgDumpSessions).toBe(0);
    expect(strayCwdFiles).toBe(0);
  }, PROOF_TIMEOUT);
});
