import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../adapters/destinations/local/local.destination.js';
import type { Destination } from '../adapters/destinations/types.js';
import { FakeClock } from '../lib/clock.js';
import { readSmall } from '../lib/streams.js';
import { ToolSource, seqOutput } from '../../test/support/fake-source.js';
import { runBackup, type BackupRequest } from './backup.js';
import { parseSidecar } from './sidecar.js';
import { parseCompression } from './stages/compression.js';
import { createEncryptStage } from './stages/encrypt.js';
import { decompressStage } from './stages/compress.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-delivery-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A local folder that counts the files handed to tools: 0 means the bytes went through the stream path. */
async function localFolder(name: string) {
  const local = new LocalDestination(path.join(dir, name));
  const counted = { files: 0 };
  const destination = Object.assign(Object.create(local) as Destination, {
    createFile: (key: string, signal?: AbortSignal) => {
      counted.files++;
      return local.createFile(key, signal);
    },
  });
  const files = async () => (await readdir(path.join(dir, name), { recursive: true }).catch(() => [])).map(String).filter((f) => f.includes('.')).sort();
  return { destination, counted, files };
}

function request(overrides: Partial<BackupRequest> & Pick<BackupRequest, 'destinations'>): BackupRequest {
  return {
    source: new ToolSource('seq', ['1', '300000']),
    sourceName: 'tool source',
    dump: { database: 'db', mode: 'full' },
    compression: parseCompression('zstd:3'),
    clock: new FakeClock('2026-03-04T05:06:07Z'),
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('the compressor writing the artifact itself (one local folder, no encryption)', () => {
  for (const compression of ['zstd:3', 'bzip2:9']) {
    it(`stores a ${compression} artifact measured as stored, sidecar last`, async () => {
      const folder = await localFolder(`direct-${compression}`);
      const spec = parseCompression(compression);
      const sizes: number[] = [];
      const outcome = await runBackup(request({ compression: spec, destinations: [{ name: 'local', destination: folder.destination }], onProgress: (bytes) => sizes.push(bytes) }));
      expect(outcome.status, outcome.error).toBe('succeeded');
      expect(folder.counted.files).toBe(1);
      const ext = spec.algorithm === 'zstd' ? 'zst' : 'bz2';
      const key = `tool_source/db/2026-03-04_05-06-07.txt.${ext}`;
      expect(await folder.files()).toEqual([path.join('tool_source', 'db', `2026-03-04_05-06-07.txt.${ext}`), path.join('tool_source', 'db', `2026-03-04_05-06-07.txt.${ext}.meta.json`)]);
      const stored = await readFile(path.join(dir, `direct-${compression}`, key));
      const sidecar = parseSidecar((await readSmall(await folder.destination.get(`${key}.meta.json`))).toString());
      expect(sidecar.artifact).toEqual({ name: path.basename(key), size: stored.length, sha256: createHash('sha256').update(stored).digest('hex') });
      expect(outcome).toMatchObject({ size: stored.length, sha256: sidecar.artifact.sha256 });
      expect(sizes.at(-1)).toBe(stored.length);
      const plain = decompressStage(spec, Readable.from([stored]), new AbortController().signal);
      expect((await readSmall(plain.output, 1 << 30)).equals(seqOutput(300000))).toBe(true);
      await plain.done;
    });
  }

  it('names the file once it is complete: a backup of the same second gets the next free name', async () => {
    const folder = await localFolder('same-second');
    for (let run = 0; run < 2; run++) {
      expect(await runBackup(request({ destinations: [{ name: 'local', destination: folder.destination, prefix: 'nightly' }] }))).toMatchObject({ status: 'succeeded' });
    }
    const stamp = path.join('nightly', 'tool_source', 'db', '2026-03-04_05-06-07');
    expect(await folder.files()).toEqual([`${stamp}.txt.zst`, `${stamp}.txt.zst.meta.json`, `${stamp}_2.txt.zst`, `${stamp}_2.txt.zst.meta.json`]);
    expect(folder.counted.files).toBe(2);
  });

  it('removes the file of a dump that failed midway', async () => {
    const folder = await localFolder('failed-dump');
    const source = new ToolSource('sh', ['-c', 'seq 1 100000; echo "permission denied for table secrets" >&2; exit 1']);
    const outcome = await runBackup(request({ source, destinations: [{ name: 'local', destination: folder.destination }] }));
    expect(outcome).toMatchObject({ status: 'failed', error: expect.stringMatching(/permission denied for table secrets/) });
    expect(folder.counted.files).toBe(1);
    expect(await folder.files()).toEqual([]);
  });

  it('removes the file when cancelled, and when the connection test fails', async () => {
    const cancelledFolder = await localFolder('cancelled');
    const controller = new AbortController();
    const cancelled = await runBackup(request({
      source: new ToolSource('seq', ['1', '100000000']), signal: controller.signal,
      destinations: [{ name: 'local', destination: cancelledFolder.destination }], onProgress: (bytes) => bytes > 100_000 && controller.abort(),
    }));
    expect(cancelled).toMatchObject({ status: 'failed', error: 'Backup cancelled' });
    expect(await cancelledFolder.files()).toEqual([]);

    const unreachableFolder = await localFolder('unreachable');
    const source = Object.assign(new ToolSource('sleep', ['30']), {
      test: () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Cannot reach db.example:5432')), 50)),
    });
    const unreachable = await runBackup(request({ source, destinations: [{ name: 'local', destination: unreachableFolder.destination }] }));
    expect(unreachable).toMatchObject({ status: 'failed', error: 'Cannot reach db.example:5432' });
    expect(unreachableFolder.counted.files).toBe(1);
    expect(await unreachableFolder.files()).toEqual([]);
  });

  it('keeps the stream path for an in-process codec, for encryption and for several destinations', async () => {
    const gzip = await localFolder('gzip');
    expect(await runBackup(request({ compression: parseCompression('gzip:6'), destinations: [{ name: 'local', destination: gzip.destination }] }))).toMatchObject({ status: 'succeeded' });
    const encrypted = await localFolder('encrypted');
    const stage = createEncryptStage({ passphrase: 'correct horse', scryptWorkFactor: 10 });
    const slot = { transform: () => stage.transform(), info: { algorithm: 'age' as const, profileId: null, recipients: [], passphrase: true } };
    expect(await runBackup(request({ encryption: slot, destinations: [{ name: 'local', destination: encrypted.destination }] }))).toMatchObject({ status: 'succeeded' });
    const a = await localFolder('two-a');
    const b = await localFolder('two-b');
    expect(await runBackup(request({ destinations: [{ name: 'a', destination: a.destination }, { name: 'b', destination: b.destination }] }))).toMatchObject({ status: 'succeeded' });
    expect([gzip.counted.files, encrypted.counted.files, a.counted.files, b.counted.files]).toEqual([0, 0, 0, 0]);
    expect((await encrypted.files()).at(0)).toMatch(/\.txt\.zst\.age$/);
    expect((await a.files()).length).toBe(2);
  });
});
