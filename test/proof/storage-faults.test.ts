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
import { FULL, PROOF_TIMEOUT, proofRecorder } from './support/results.js';
import { startHttpFaultProxy, type Fault } from './support/http-fault-proxy.js';
import { verifyStored } from './support/storage-check.js';

const proof = proofRecorder('storage-faults');
/** ~6.9 MB of `seq` output, uncompressed: two 5 MiB multipart parts, so a fault can hit a part in the middle. */
const SEQ_LINES = '1000000';
/** How long the CI run watches a stalled upload; `npm run proof` waits long enough for any sane timeout. */
const STALL_WINDOW_MS = FULL ? 180_000 : 4_000;

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
  });
  /** One backup through a proxy that applies `plan` to the data PUTs; returns the outcome and what the proxy saw. */
  async function backupThrough(name: string, plan: (n: number) => Fault, deadlineMs = 120_000) {
    const proxy = await startHttpFaultProxy({ port: s3.port }, plan, (req) => req.method === 'PUT' && !req.url!.includes('.meta.json'));
    const destination = composeDestination(s3DestinationPlugin, config(proxy.endpoint, name), { logger: silentLogger });
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
  /** What the bucket holds under a prefix, read without the proxy. */
  const leftovers = async (prefix: string) => {
    const keys: string[] = [];
    for await (const item of direct.list(`${prefix}/`)) keys.push(item.key);
    return keys;
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    direct = composeDestination(s3DestinationPlugin, config(s3.endpoint, ''), { logger: silentLogger });
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
      record(id, what, 'failed after the retry policy, clear error, no object and no sidecar left', run.outcome.status === 'failed' && left.length === 0, run, { objectsLeft: left.length, error: run.outcome.error ?? '' },
        /MethodNotAllowed/.test(run.outcome.error ?? '') ? 'The error shown is the answer to the clean-up request (s3rver does not implement AbortMultipartUpload: 405), not the 503/reset that failed the upload.' : undefined);
      expect(run.outcome.status).toBe('failed');
      expect(run.outcome.error).toMatch(/\S/);
      expect(left).toEqual([]);
    }
  }, PROOF_TIMEOUT);

  // Known gap: the S3 client is built without a request or socket timeout, so a server that accepts the upload and
  // never answers holds the backup forever (only a cancellation ends it). Expected to pass once the adapter has one.
  it.fails(`ends a stalled upload with a timeout within ${STALL_WINDOW_MS / 1000} s`, async () => {
    const run = await backupThrough('stall', (n) => (n === 1 ? 'stall' : 'pass'), STALL_WINDOW_MS);
    const left = await leftovers('stall');
    record('s3-stall', 'The server accepts the first part and never answers', `the backup fails with a timeout by itself (observed for ${STALL_WINDOW_MS / 1000} s), nothing left`, !run.timedOutByTest && left.length === 0, run,
      { endedByItself: String(!run.timedOutByTest), objectsLeft: left.length },
      run.timedOutByTest ? `No timeout in the S3 adapter: still waiting after ${STALL_WINDOW_MS / 1000} s; only cancelling the run ended it (then cleanly: ${left.length} objects left).` : undefined);
    expect(left).toEqual([]);
    expect(run.timedOutByTest).toBe(false);
  }, PROOF_TIMEOUT);
});
