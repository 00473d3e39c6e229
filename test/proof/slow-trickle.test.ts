import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchName, withPgAdmin } from '../support/databases.js';
import { createDatabase, PG_CONFIG, withPgDatabase } from '../support/postgres-fixture.js';
import { startSftpServer, type SftpTestServer } from '../support/servers/sftp.js';
import { startThrottleProxy, type ThrottleProxy } from '../support/servers/throttle-proxy.js';
import { FULL, PROOF_TIMEOUT, proofRecorder, round, until } from './support/results.js';
import { adminClient, startProofServer, type ApiClient, type ProofServer } from './support/server.js';
import { walkFiles } from './support/storage-check.js';

const proof = proofRecorder('slow-trickle');
const RATE = 32 * 1024;
/** How long each run trickles, from its first progress, before it is cancelled. */
const WINDOW_MS = FULL ? 30_000 : 8_000;
/** Incompressible data (random md5 bytes), far more than the window lets through: buffering it would show in memory. */
const DATA_MB = 40;
/** Cancelling must end the run within this (it waits on no slow peer). */
const PROMPT_CANCEL_MS = 5_000;
const ADMIN = { email: 'admin@example.test', password: 'trickle proof admin password' };

/** What one trickling run showed, up to and after its cancel. */
interface Run {
  runningAtCancel: string;
  linkBytesInWindow: number;
  ended: { status: string; error: string | null };
  cancelMs: number;
  left: string[];
  progressUpdates: number;
  progressBytes: number;
  /** Distinct figures of bytes read from the source seen in the window (the first included), and the last. */
  sourceUpdates: number;
  sourceBytesAtStart: number;
  sourceBytes: number;
  secondsToFirstProgress: number;
  rssMbAtFirstProgress: number;
  rssMbMax: number;
  dumpSessionsLeft: number;
  /** Child processes of the server still there after the cancel, as `name (state)`. */
  toolProcessesLeft: string[];
}

const rssMb = (pid: number) => round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);
/** Processes whose parent is `pid` (dump and compression tools the server spawned), as `name (state)`. */
const childrenOf = (pid: number) => readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((p) => {
  try {
    const [name, rest] = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ');
    const [state, parent] = rest!.split(' ');
    return parent === String(pid) ? [`${name!.slice(name!.indexOf('(') + 1)} (${state})`] : [];
  } catch {
    return [];
  }
});

/**
 * A backup whose destination (an SFTP server) or source (PostgreSQL) sits behind a link that carries 32 KB/s,
 * through `lifeboat serve`: the backup proceeds and reports progress, the server's memory stays flat although
 * the source could produce 40 MB at once, and a cancel ends the run promptly, leaving nothing behind.
 */
describe(`slow trickle (${RATE / 1024} KB/s) on the destination or the source link`, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-trickle-'));
  let server: ProofServer;
  let api: ApiClient;
  let sftp: SftpTestServer;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  const proxies: ThrottleProxy[] = [];

  beforeAll(async () => {
    database = await createDatabase(scratchName());
    await withPgDatabase(database.name, (c) => c.query(`CREATE TABLE blobs (id int PRIMARY KEY, data bytea);
      INSERT INTO blobs SELECT i, (SELECT decode(string_agg(md5(random()::text || i || j), ''), 'hex') FROM generate_series(1, 65536) AS j) FROM generate_series(1, ${DATA_MB}) AS i`));
    sftp = await startSftpServer();
    mkdirSync(path.join(root, 'cwd'));
    server = await startProofServer({ dataDir: path.join(root, 'data'), cwd: path.join(root, 'cwd') });
    api = await adminClient(() => server.url, ADMIN, true);
  }, PROOF_TIMEOUT);
  afterAll(async () => {
    await server?.stop();
    for (const proxy of proxies) await proxy.stop();
    await sftp?.stop();
    await database?.cleanup();
    rmSync(root, { recursive: true, force: true });
    proof.flush();
  });

  /** Creates a job from the given source and destination, lets it trickle for the window, then cancels it. */
  async function trickleThenCancel(name: string, source: Record<string, unknown>, destination: Record<string, unknown>, storedFiles: () => string[], link: ThrottleProxy): Promise<Run> {
    const s = await api.call('POST', '/api/v1/sources', { name: `${name} source`, kind: 'postgres', config: source });
    const d = await api.call('POST', '/api/v1/destinations', { name: `${name} destination`, ...destination });
    const job = await api.call('POST', '/api/v1/jobs', { name, sourceId: s.body.id, destinationIds: [d.body.id], databases: [database.name], compression: 'zstd:1' });
    expect(job.status, job.text).toBe(201);
    const run = await api.call('POST', `/api/v1/jobs/${job.body.id}/run`);
    expect(run.status, run.text).toBe(202);
    const id = run.body.execution.id as string;
    const execution = async () => (await api.call('GET', `/api/v1/executions/${id}`)).body as { status: string; progress: { bytes: number; sourceBytes?: number } | null; error: string | null };

    const progress: number[] = [];
    const read: number[] = [];
    const rss: number[] = [];
    const started = Date.now();
    // Connecting and pg_dump's catalog queries cross the slow link too: the window starts with the first progress.
    progress.push(await until(async () => (await execution()).progress?.bytes, 300_000, 'first progress'));
    const firstProgressAt = Date.now();
    const linkBytesAtStart = link.relayed();
    while (Date.now() < firstProgressAt + WINDOW_MS) {
      const current = (await execution()).progress;
      const bytes = current?.bytes ?? 0;
      if (progress.at(-1) !== bytes) progress.push(bytes);
      if (current?.sourceBytes !== undefined && read.at(-1) !== current.sourceBytes) read.push(current.sourceBytes);
      rss.push(rssMb(server.child.pid!));
      await new Promise((resolve) => setTimeout(resolve, 250)); // sampling a live run at a steady pace
    }
    const runningAtCancel = (await execution()).status;
    const linkBytesInWindow = link.relayed() - linkBytesAtStart;
    const cancelledAt = Date.now();
    await api.call('POST', `/api/v1/executions/${id}/cancel`);
    const ended = await until(async () => {
      const e = await execution();
      return !['queued', 'running'].includes(e.status) && e;
    }, 60_000, 'run ended after cancel');
    const cancelMs = Date.now() - cancelledAt;
    const sessions = () => withPgAdmin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [database.name])).rows[0].n as number);
    await until(async () => (await sessions()) === 0 && childrenOf(server.child.pid!).length === 0, 10_000, 'tools gone').catch(() => undefined);
    const left = storedFiles();
    return {
      runningAtCancel, linkBytesInWindow, ended, cancelMs, left, progressUpdates: progress.length, progressBytes: progress.at(-1) ?? 0,
      sourceUpdates: read.length, sourceBytesAtStart: read[0] ?? 0, sourceBytes: read.at(-1) ?? 0,
      secondsToFirstProgress: round((firstProgressAt - started) / 1000),
      rssMbAtFirstProgress: rss[0] ?? 0, rssMbMax: Math.max(0, ...rss), dumpSessionsLeft: await sessions(), toolProcessesLeft: childrenOf(server.child.pid!),
    };
  }

  /**
   * Which figure must grow in the window: the bytes the destination took, or (slow source) the bytes the dump read
   * from the database, which move while pg_dump still gathers a row it hands on only once all of it arrived.
   */
  type Watched = 'destination' | 'source';
  const judge = (r: Run, watched: Watched = 'destination') => ({
    proceeded: r.runningAtCancel === 'running' && r.linkBytesInWindow > 0,
    progressed: watched === 'destination' ? r.progressUpdates >= 3 : r.sourceUpdates >= 3 && r.sourceBytes > r.sourceBytesAtStart,
    flat: r.rssMbMax - r.rssMbAtFirstProgress < DATA_MB / 2,
    cancelled: r.ended.status === 'cancelled' && r.cancelMs < PROMPT_CANCEL_MS,
    clean: r.left.length === 0 && r.dumpSessionsLeft === 0 && r.toolProcessesLeft.length === 0,
  });
  const record = (id: string, what: string, how: string, r: Run, whyNoProgress = '', watched: Watched = 'destination') => {
    const verdict = judge(r, watched);
    const grows = watched === 'destination' ? 'its progress grows' : 'its progress shows the bytes read from the source growing';
    const stalled = `Progress stayed at ${r.progressBytes} bytes for the whole window while ${r.linkBytesInWindow} bytes crossed the link.${whyNoProgress}`;
    proof.record({
      id, area: 'storage faults', what, how,
      expectation: `the backup keeps running (bytes cross the link) and ${grows} at least 3 times in the window; the server's memory grows by less than half the ${DATA_MB} MB the source holds; a cancel ends it within ${PROMPT_CANCEL_MS / 1000} s as cancelled, with no file, dump session or tool process left`,
      passed: Object.values(verdict).every(Boolean),
      figures: {
        bytesPerSecond: RATE, windowSeconds: WINDOW_MS / 1000, secondsToFirstProgress: r.secondsToFirstProgress, linkBytesInWindow: r.linkBytesInWindow,
        progressUpdates: r.progressUpdates, progressBytes: r.progressBytes,
        ...(watched === 'source' ? { sourceUpdates: r.sourceUpdates, sourceBytes: r.sourceBytes, sourceBytesInWindow: r.sourceBytes - r.sourceBytesAtStart } : {}),
        rssMbAtFirstProgress: r.rssMbAtFirstProgress, rssMbMax: r.rssMbMax, rssGrowthMb: round(r.rssMbMax - r.rssMbAtFirstProgress),
        statusAfterCancel: r.ended.status, cancelMs: r.cancelMs, filesLeft: r.left.length, dumpSessionsLeft: r.dumpSessionsLeft, toolProcessesLeft: r.toolProcessesLeft.length,
        ...(r.toolProcessesLeft.length > 0 ? { toolsLeft: r.toolProcessesLeft.join(', ') } : {}),
      },
      note: watched === 'destination'
        ? (verdict.progressed ? undefined : stalled)
        : r.progressUpdates >= 3 ? undefined
        : `${stalled} The bytes read from the source ${verdict.progressed ? 'moved' : 'did not move'}: ${r.sourceBytes - r.sourceBytesAtStart} bytes in ${r.sourceUpdates} figure(s).`,
    });
    return verdict;
  };

  let slowDestination: Promise<Run> | undefined;
  const destinationRun = () => (slowDestination ??= (async () => {
    const proxy = await startThrottleProxy({ port: sftp.port }, RATE, 'upload');
    proxies.push(proxy);
    const destination = { kind: 'sftp', config: { host: sftp.host, port: proxy.port, username: sftp.username, password: sftp.password, path: '/slow', hostKeyFingerprint: sftp.hostKeyFingerprint } };
    const r = await trickleThenCancel('slow destination', { ...PG_CONFIG }, destination, () => walkFiles(sftp.directory), proxy);
    record('trickle-destination', 'A destination link that carries 32 KB/s (SFTP server behind a throttling TCP relay)',
      `\`lifeboat serve\` backs up ${DATA_MB} MB of incompressible rows (zstd:1) to the SFTP server through the relay; execution progress polled through the API and the server's RSS read from /proc every 250 ms for ${WINDOW_MS / 1000} s from the first progress, then the run is cancelled through the API`, r,
      ' Progress counts bytes as they enter the upload buffers (about 2 MB ahead of the network), and an update that comes within a second of the previous one is dropped rather than deferred, so the first figure stays until those buffers drain.');
    return r;
  })());

  it('a destination that accepts a few KB/s: the backup proceeds, memory stays flat, a cancel ends it promptly and cleanly', async () => {
    const { proceeded, flat, cancelled, clean } = judge(await destinationRun());
    expect({ proceeded, flat, cancelled, clean }).toEqual({ proceeded: true, flat: true, cancelled: true, clean: true });
  }, PROOF_TIMEOUT);

  // Progress counts what the destination took (not what entered its upload buffers) and defers an update
  // inside its interval rather than dropping it, so behind a slow link it grows with the link.
  it('a destination that accepts a few KB/s: progress grows during the run', async () => {
    expect(judge(await destinationRun()).progressed).toBe(true);
  }, PROOF_TIMEOUT);

  // Long run only: pg_dump's catalog queries cross the slow link before any data does (100-200 s at 32 KB/s).
  // The bytes stored barely move in the window (see the row's note); the bytes read from the source, which pg_dump
  // takes from its socket before it hands a row on, must.
  it.runIf(FULL)('a source that delivers a few KB/s: the backup proceeds, progress shows the source being read, a cancel ends it promptly and cleanly', async () => {
    const proxy = await startThrottleProxy({ port: PG_CONFIG.port ?? 5432 }, RATE, 'download');
    proxies.push(proxy);
    const folder = path.join(root, 'slow-source-backups');
    const r = await trickleThenCancel('slow source', { ...PG_CONFIG, host: '127.0.0.1', port: proxy.port }, { kind: 'local', config: { path: folder } }, () => (existsSync(folder) ? walkFiles(folder) : []), proxy);
    const verdict = record('trickle-source', 'A source link that carries 32 KB/s (PostgreSQL behind a throttling TCP relay)',
      `\`lifeboat serve\` backs up the same ${DATA_MB} MB with pg_dump connected through the relay, to a local folder; progress and RSS sampled as above for ${WINDOW_MS / 1000} s from the first progress, then cancelled through the API`, r,
      ' Progress counts what the destination took, and pg_dump writes a row only once all of it arrived: each row here holds 1 MB (2 MB as COPY text, about a minute at this rate), so little or nothing leaves the dump tool in the window.',
      'source');
    expect(verdict).toEqual({ proceeded: true, progressed: true, flat: true, cancelled: true, clean: true });
  }, PROOF_TIMEOUT);
});
