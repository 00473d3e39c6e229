import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../src/adapters/destinations/local/local.destination.js';
import { systemClock } from '../../src/lib/clock.js';
import { runBackup } from '../../src/pipeline/backup.js';
import { scanDestination } from '../../src/pipeline/catalog.js';
import { ToolSource } from '../support/fake-source.js';
import { PROOF_TIMEOUT, proofRecorder, round } from './support/results.js';
import { classifyFolder, verifyStored } from './support/storage-check.js';

const proof = proofRecorder('disk-full');
const SIZE_MB = 24;
/** Somebody else's data on the same disk: with it, the backup below does not fit; without it, it does. */
const FILLER_MB = 12;
/**
 * Two ways bytes reach the disk: `seq 1 2000000` (13.9 MB) stored uncompressed goes through the stream path;
 * 14 MB from /dev/urandom (incompressible) through zstd goes the direct path, where zstd writes the file itself.
 */
const CASES = [
  {
    id: 'disk-full-local', compression: { algorithm: 'none', level: null }, source: () => new ToolSource('seq', ['1', '2000000']),
    stream: 'a 13.9 MB stream (uncompressed `seq`)',
  },
  {
    id: 'disk-full-local-direct', compression: { algorithm: 'zstd', level: 1 }, source: () => new ToolSource('head', ['-c', '14000000', '/dev/urandom']),
    stream: '14 MB of random bytes through zstd, which writes the file itself',
  },
] as const;

/** A real, size-limited filesystem (tmpfs with size=) where the kernel answers ENOSPC; mounting needs root. */
function mountSmallDisk(): { dir: string; unmount(): void } | { skip: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-proof-diskfull-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m,mode=0700`, 'lifeboat-proof', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a ${SIZE_MB} MB tmpfs here (${(mounted.stderr || mounted.error?.message || 'mount failed').trim()}): run as root to prove disk-full handling` };
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A local destination on a small filesystem that fills up mid-backup: the backup fails with a clear message,
 * publishes nothing, leaves no temporary file, and the next backup (after space is freed) succeeds.
 */
describe('disk full on a local destination', () => {
  const disk = mountSmallDisk();
  afterAll(() => {
    if ('dir' in disk) disk.unmount();
    proof.flush();
  });

  if ('skip' in disk) {
    it.skip(`fails cleanly and recovers: skipped, ${disk.skip}`, () => undefined);
    return;
  }

  it.each(CASES)('fails with a clear error, leaves nothing behind, and the next backup after freeing space succeeds ($id)', async (c) => {
    const filler = path.join(disk.dir, 'other-data.bin');
    writeFileSync(filler, Buffer.alloc(FILLER_MB * 1024 * 1024, 1));
    const backups = path.join(disk.dir, c.id);
    const destination = new LocalDestination(backups);
    const backup = async () => {
      const started = Date.now();
      const outcome = await runBackup({
        source: c.source(), sourceName: 'disk full', dump: { mode: 'full' }, destinations: [{ name: 'small disk', destination }],
        compression: c.compression, clock: systemClock, signal: new AbortController().signal,
      });
      return { outcome, seconds: round((Date.now() - started) / 1000) };
    };
    const freeMb = () => round((statfsSync(disk.dir).bavail * statfsSync(disk.dir).bsize) / 1024 / 1024);

    const freeBefore = freeMb();
    const full = await backup();
    const left = classifyFolder(backups);
    const freeAfterFailure = freeMb();
    rmSync(filler);
    const next = await backup();
    const catalog = await scanDestination(destination);
    const verified = catalog.backups.length === 1 && (await verifyStored(destination, catalog.backups[0]!));

    const clear = /no space|ENOSPC|disk is full/i.test(full.outcome.error ?? '');
    const passed = full.outcome.status === 'failed' && clear && left.files.length === 0 && next.outcome.status === 'succeeded' && verified;
    proof.record({
      id: c.id, area: 'database faults', what: `Disk full on a local destination (a real 24 MB tmpfs, 12 MB of it taken by other data)${c.compression.algorithm === 'none' ? '' : ', the compressor writing the file'}`,
      how: `runBackup of ${c.stream} to a local destination on a tmpfs mounted with size=${SIZE_MB}m; the folder is walked afterwards; then the other data is deleted and the same backup runs again`,
      expectation: 'backup failed with an error naming the full disk; no artifact, sidecar or temporary file left (the space is given back); the next backup succeeds and verifies',
      passed,
      figures: {
        status: full.outcome.status, seconds: full.seconds, freeMbBefore: freeBefore, freeMbAfterFailure: freeAfterFailure, filesLeft: left.files.length,
        nextBackup: next.outcome.status, nextBackupVerified: verified, error: (full.outcome.error ?? '').slice(0, 300),
      },
    });
    expect(full.outcome.status).toBe('failed');
    expect(full.outcome.error).toMatch(/no space|ENOSPC|disk is full/i);
    expect(left.files).toEqual([]);
    expect(freeAfterFailure).toBeCloseTo(freeBefore, 0);
    expect(next.outcome.status, next.outcome.error).toBe('succeeded');
    expect(verified).toBe(true);
    rmSync(backups, { recursive: true }); // the next case needs the space
  }, PROOF_TIMEOUT);
});
