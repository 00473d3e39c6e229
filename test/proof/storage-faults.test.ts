import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDestination } from '../../src/adapters/destinations/compose.js';
import { s3DestinationPlugin } from '../../src/adapters/destinations/s3/s3.plugin.js';
import type { Destination } from '../../src/adapters/destinations/types.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { runBackup, type BackupOutcome } from '../../src/pipeline/backup.js';
import { scanDestination } from '../../src/pipeline/catalog.js';
import { ToolSource } from '../support/fake-source.js';
import { startS3Server, type S3TestServer } from '../support/servers/s3.js';
import { PROOF_TIMEOUT, proofRecorder } from './support/results.js';
import { startHttpFaultProxy, type Fault } from './support/http-fault-proxy.js';
import { verifyStored } from './support/storage-check.js';

const proof = proofRecorder('storage-faults');
/** ~6.9 MB of `seq` output, uncompressed: two 5 MiB multipart parts, so a fault can hit a part in the middle. */
const SEQ_LINES = '1000000';
/** The destination's stall timeout in these runs: short, so a silent server is noticed in seconds. */
const STALL_SECONDS = 2;

/**
 * The S3 destination behind a fault-injecting HTTP proxy (s3rver on loopback): 5xx bursts, connection resets
 * mid-upload and a stall, on the PUTs that carry backup bytes (PutObject / UploadPart). After each failure the
 * bucket, read directly, holds nothing from that run.
 */
describe('S3 destination under storage faults', () => {
  let s3: S3TestServer;
  let direct: Destination;

  const config = (endpoint: string, prefix: string) => ({
    endpoint, region: s3.region, bucket: s3.bucket, forcePathStyle: true, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, prefix, partSizeMiB: 5,
    stallTimeoutSeconds: STALL_SECONDS,
  });
  /** One backup through a proxy that applies `plan` to the data PUTs; returns the outcome and what the proxy saw. */
  async function backupThrough(name: string, plan: (n: number) => Fault, deadlineMs = 120_000) {
    const proxy = await startHttpFaultProxy({ port: s3.port }, plan, (req) => req.method === 'PUT' && !req.url!.includes('.meta.json'));
    const destination = await composeDestination(s3DestinationPlugin, config(proxy.endpoint, name), { logger: silentLogger });
    const controller = new AbortController();
    const started = Date.now();
    const deadline = setTimeout(() => controller.abort(), deadlineMs); // the test's own bound, for a stall that never ends
    try {
      const outcome = await runBackup({
        source: new ToolSource('seq', ['1', SEQ_LINES]), sourceName: 'faults', dump: { mode: 'full' }, destinations: [{ name: 's3', destination }],
        compression: { algorithm: 'none', level: null }, clock: systemClock, signal: controller.signal,
      });
      return { outcome, ms: Date.now() - started, timedOutByTest: controller.signal.aborted, attempts: proxy.log.filter((l) => l.method === 'PUT').length, proxy };
    } finally {
      clearTimeout(deadline);
      await destination.close();
      await proxy.stop();
    }
  }
  /** What the bucket holds under a prefix, read without the proxy, plus unfinished multipart uploads (any prefix). */
  const leftovers = async (prefix: string) => {
    const keys: string[] = [];
    for await (const item of direct.list(`${prefix}/`)) keys.push(item.key);
    for (const id of await s3.pendingUploads()) keys.push(`multipart upload ${id}`);
    return keys;
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    direct = await composeDestination(s3DestinationPlugin, config(s3.endpoint, ''), { logger: silentLogger });
  });
  afterAll(async () => {
    await direct?.close();
    await s3?.stop();
    proof.flush();
  });

  const record = (id: string, what: string, expectation: string, passed: boolean, run: { outcome: BackupOutcome; ms: number; attempts: number }, extra: Record<string, number | string> = {}, note?: string) =>
    proof.record({
      id, area: 'storage faults', what, how: 'runBackup of a 6.9 MB stream to the S3 destination (5 MiB parts) through an HTTP fault proxy in front of s3rver; the bucket is listed directly afterwards',
      expectation, passed, note, figures: { status: run.outcome.status, dataPutAttempts: run.attempts, seconds: Math.round(run.ms / 100) / 10, ...extra },
    });

  it('retries a burst of 503s and a connection reset mid-upload, then stores a complete, verifiable backup', async () => {
    const burst = await backupThrough('burst', (n) => (n <= 2 ? '503' : 'pass'));
    const reset = await backupThrough('reset-once', (n) => (n === 2 ? 'reset' : 'pass'));
    for (const [id, run, what] of [['s3-503-burst', burst, 'Two 503 answers on the first data PUTs'], ['s3-reset-once', reset, 'Connection reset in the middle of the second part']] as const) {
      const catalog = await scanDestination(direct, `${id === 's3-503-burst' ? 'burst' : 'reset-once'}/`);
      const verified = catalog.backups.length === 1 && (await verifyStored(direct, catalog.backups[0]!));
      record(id, what, 'retried within the SDK policy (4 attempts per request); backup succeeds and verifies', run.outcome.status === 'succeeded' && verified, run, { verified: String(verified) });
      expect(run.outcome.status, run.outcome.error).toBe('succeeded');
      expect(verified).toBe(true);
    }
  }, PROOF_TIMEOUT);

  it('fails cleanly when every data PUT fails, leaving nothing in the bucket', async () => {
    for (const [id, fault, what] of [['s3-503-always', '503', 'Every data PUT answered 503'], ['s3-reset-always', 'reset', 'Every data PUT cut mid-body (TCP reset)']] as const) {
      const prefix = id;
      const run = await backupThrough(prefix, () => fault);
      const left = await leftovers(prefix);
      record(id, what, 'failed after the retry policy, clear error, no object, no sidecar and no multipart upload left', run.outcome.status === 'failed' && left.length === 0, run, { objectsLeft: left.length, error: run.outcome.error ?? '' });
      expect(run.outcome.status).toBe('failed');
      expect(run.outcome.error).toMatch(fault === '503' ? /503|SlowDown/ : /ECONNRESET|socket hang up|EPIPE/);
      expect(left).toEqual([]);
    }
  }, PROOF_TIMEOUT);

  it(`retries a part the server took and never answered once ${STALL_SECONDS} s passed in silence, and the backup succeeds`, async () => {
    const run = await backupThrough('stall-once', (n) => (n === 1 ? 'stall' : 'pass'), 60_000);
    const catalog = await scanDestination(direct, 'stall-once/');
    const verified = catalog.backups.length === 1 && (await verifyStored(direct, catalog.backups[0]!));
    record('s3-stall-once', 'The server accepts the first part and never answers',
      `the silent request is cut after the stall timeout (${STALL_SECONDS} s here, 120 s by default) and retried; the backup succeeds and verifies`,
      run.outcome.status === 'succeeded' && verified && !run.timedOutByTest, run, { verified: String(verified), stalls: run.proxy.faults('stall') });
    expect(run.timedOutByTest).toBe(false);
    expect(run.outcome.status, run.outcome.error).toBe('succeeded');
    expect(verified).toBe(true);
    expect(run.proxy.faults('stall')).toBe(1);
  }, PROOF_TIMEOUT);

  it('fails a backup whose server never answers, within the retry policy of stall timeouts, leaving nothing behind', async () => {
    const run = await backupThrough('stall-always', () => 'stall', 60_000);
    const left = await leftovers('stall-always');
    const bound = 4 * STALL_SECONDS * 1000 + 10_000; // four tries of the stall timeout, plus the SDK's backoff and slack
    record('s3-stall-always', 'The server accepts every data PUT and never answers',
      `the backup fails by itself with a transient error naming the bucket and server after 4 tries of the stall timeout (${STALL_SECONDS} s here); no object, no sidecar, no multipart upload left`,
      run.outcome.status === 'failed' && !run.timedOutByTest && left.length === 0 && run.ms < bound, run,
      { endedByItself: String(!run.timedOutByTest), objectsLeft: left.length, error: run.outcome.error ?? '' });
    expect(run.timedOutByTest).toBe(false);
    expect(run.outcome.status).toBe('failed');
    expect(run.outcome.error).toMatch(new RegExp(`bucket "${s3.bucket}" at http://127\\.0\\.0\\.1:\\d+ stopped answering \\(no response for ${STALL_SECONDS} s, 4 tries\\)`));
    expect(run.ms).toBeLessThan(bound);
    expect(left).toEqual([]);
  }, PROOF_TIMEOUT);
});
