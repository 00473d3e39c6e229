import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../adapters/destinations/memory/memory.destination.js';
import type { Destination } from '../adapters/destinations/types.js';
import { FakeClock } from '../lib/clock.js';
import { readSmall } from '../lib/streams.js';
import { ToolSource, seqOutput } from '../../test/support/fake-source.js';
import { runBackup, type BackupRequest } from './backup.js';
import { parseSidecar } from './sidecar.js';
import { parseCompression } from './stages/compression.js';
import { decompressStage } from './stages/compress.js';

const clock = new FakeClock('2026-03-04T05:06:07Z');

function request(overrides: Partial<BackupRequest> & Pick<BackupRequest, 'destinations'>): BackupRequest {
  return {
    source: new ToolSource('seq', ['1', '200000']),
    sourceName: 'tool source',
    dump: { database: 'db', mode: 'full' },
    compression: parseCompression('zstd:3'),
    clock,
    signal: new AbortController().signal,
    ...overrides,
  };
}

async function keys(destination: Destination): Promise<string[]> {
  const out: string[] = [];
  for await (const item of destination.list('')) out.push(item.key);
  return out.sort();
}

/** A destination that accepts `limit` bytes of an upload and then fails it. */
function failingAfter(limit: number): Destination {
  const inner = new MemoryDestination();
  return Object.assign(Object.create(inner) as Destination, {
    put: async (key: string, body: Readable, signal?: AbortSignal) => {
      let seen = 0;
      for await (const chunk of body) {
        seen += (chunk as Buffer).length;
        if (seen > limit) throw new Error('connection reset by peer');
      }
      return inner.put(key, Readable.from([]), signal);
    },
  });
}

describe('runBackup', () => {
  for (const compression of ['none', 'gzip:6', 'brotli:4', 'zstd:3', 'bzip2:9']) {
    it(`stores one dump on two destinations with ${compression}, sidecar last`, async () => {
      const a = new MemoryDestination();
      const b = new MemoryDestination();
      const spec = parseCompression(compression);
      const outcome = await runBackup(request({ compression: spec, destinations: [{ name: 'a', destination: a }, { name: 'b', destination: b, prefix: 'nightly' }] }));
      expect(outcome.status, outcome.error).toBe('succeeded');
      const ext = { none: 'txt', gzip: 'txt.gz', brotli: 'txt.br', zstd: 'txt.zst', bzip2: 'txt.bz2' }[spec.algorithm];
      expect(await keys(a)).toEqual([`tool_source/db/2026-03-04_05-06-07.${ext}`, `tool_source/db/2026-03-04_05-06-07.${ext}.meta.json`]);
      expect(await keys(b)).toEqual([`nightly/tool_source/db/2026-03-04_05-06-07.${ext}`, `nightly/tool_source/db/2026-03-04_05-06-07.${ext}.meta.json`]);

      const stored = await readSmall(await a.get(`tool_source/db/2026-03-04_05-06-07.${ext}`), 1 << 30);
      const sidecar = parseSidecar((await readSmall(await a.get(`tool_source/db/2026-03-04_05-06-07.${ext}.meta.json`))).toString());
      expect(sidecar).toMatchObject({ formatVersion: 1, database: 'db', source: { name: 'tool source', engine: 'tool' }, compression: { algorithm: spec.algorithm } });
      expect(sidecar.artifact).toEqual({ name: `2026-03-04_05-06-07.${ext}`, size: stored.length, sha256: createHash('sha256').update(stored).digest('hex') });
      const plain = decompressStage(spec, Readable.from([stored]), new AbortController().signal);
      expect((await readSmall(plain.output, 1 << 30)).equals(seqOutput(200000))).toBe(true);
      await plain.done;
    });
  }

  it('never publishes an artifact of a dump that failed midway', async () => {
    const a = new MemoryDestination();
    const source = new ToolSource('sh', ['-c', 'seq 1 100000; echo "permission denied for table secrets" >&2; exit 1']);
    const outcome = await runBackup(request({ source, destinations: [{ name: 'a', destination: a }] }));
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/permission denied for table secrets/);
    expect(await keys(a)).toEqual([]);
  });

  it('cuts off a failing destination and still completes the others (partial)', async () => {
    const good = new MemoryDestination();
    const outcome = await runBackup(
      request({ compression: parseCompression('none'), destinations: [{ name: 'bad', destination: failingAfter(10_000) }, { name: 'good', destination: good }] }),
    );
    expect(outcome.status).toBe('partial');
    expect(outcome.destinations).toEqual([
      expect.objectContaining({ name: 'bad', ok: false, error: 'connection reset by peer' }),
      expect.objectContaining({ name: 'good', ok: true }),
    ]);
    expect((await keys(good)).length).toBe(2);
  });

  it('ends with the cause when the only destination destroys its upload before failing (no hang)', async () => {
    // The SFTP adapter's shape: on a refused write it destroys the body, cleans up remotely, then rejects.
    const refusing = Object.assign(Object.create(new MemoryDestination()) as Destination, {
      put: async (_key: string, body: Readable) => {
        for await (const _chunk of body) break;
        body.destroy();
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('No space left on device');
      },
    });
    const outcome = await runBackup(request({ compression: parseCompression('none'), destinations: [{ name: 'full', destination: refusing }] }));
    expect(outcome).toMatchObject({ status: 'failed', error: 'No space left on device' });
  });

  it('leaves nothing behind when cancelled', async () => {
    const a = new MemoryDestination();
    const controller = new AbortController();
    const source = new ToolSource('seq', ['1', '100000000']);
    const outcome = runBackup(request({ source, signal: controller.signal, destinations: [{ name: 'a', destination: a }], onProgress: (bytes) => bytes > 100_000 && controller.abort() }));
    expect(await outcome).toMatchObject({ status: 'failed', error: 'Backup cancelled' });
    expect(await keys(a)).toEqual([]);
  });

  it.runIf(existsSync('/proc/self/io'))('reports what the dump tool read while next to nothing reaches the destination', async () => {
    // cat reads zeros without end and zstd turns them into a few bytes: only the source figure shows the run alive.
    const controller = new AbortController();
    const seen: [number, number | undefined][] = [];
    const outcome = await runBackup(request({
      source: new ToolSource('cat', ['/dev/zero']), compression: parseCompression('zstd:1'), signal: controller.signal,
      destinations: [{ name: 'a', destination: new MemoryDestination() }],
      onProgress: (bytes, sourceBytes) => {
        seen.push([bytes, sourceBytes]);
        if ((sourceBytes ?? 0) > 50_000_000) controller.abort();
      },
    }));
    expect(outcome).toMatchObject({ status: 'failed', error: 'Backup cancelled' });
    const [bytes, read] = seen.at(-1)!;
    expect(read).toBeGreaterThan(50_000_000);
    expect(bytes).toBeLessThan(read! / 100);
  });

  it('does not overwrite a backup taken in the same second', async () => {
    const a = new MemoryDestination();
    await runBackup(request({ destinations: [{ name: 'a', destination: a }] }));
    await runBackup(request({ destinations: [{ name: 'a', destination: a }] }));
    expect((await keys(a)).filter((k) => !k.endsWith('.meta.json'))).toEqual([
      'tool_source/db/2026-03-04_05-06-07.txt.zst',
      'tool_source/db/2026-03-04_05-06-07_2.txt.zst',
    ]);
  });

  it('stops a dump that is already running when the connection test fails, and reports the test', async () => {
    const a = new MemoryDestination();
    // Still opening its upload when the test fails: its body is cut off before anything reads it.
    const slowToOpen = Object.assign(Object.create(a) as Destination, {
      put: async (key: string, body: Readable, signal?: AbortSignal) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return a.put(key, body, signal);
      },
    });
    const source = Object.assign(new ToolSource('sleep', ['30']), {
      test: () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Cannot reach db.example:5432')), 50)),
    });
    const started = Date.now();
    const outcome = await runBackup(request({ source, destinations: [{ name: 'a', destination: slowToOpen }] }));
    expect(outcome).toMatchObject({ status: 'failed', error: 'Cannot reach db.example:5432' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await keys(a)).toEqual([]);
  });

  it('reports a destination that cannot be reached before the upload, with no unheard rejection of the killed dump', async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const unreachable = Object.assign(Object.create(new MemoryDestination()) as Destination, {
        stat: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:9'); },
      });
      const outcome = await runBackup(request({ source: new ToolSource('sleep', ['30']), destinations: [{ name: 'gone', destination: unreachable }] }));
      expect(outcome).toMatchObject({ status: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:9' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unheard).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });

  it('takes a request without a dump mode as a full dump, in the dump and in the sidecar', async () => {
    const a = new MemoryDestination();
    const asked: unknown[] = [];
    const source = Object.assign(new ToolSource('seq', ['1', '10']), {
      dump(options: unknown, signal: AbortSignal) {
        asked.push(options);
        return ToolSource.prototype.dump.call(this, options, signal);
      },
    });
    const outcome = await runBackup(request({ source, dump: { database: 'db' }, destinations: [{ name: 'a', destination: a }] }));
    expect(outcome.status, outcome.error).toBe('succeeded');
    expect(asked).toEqual([{ database: 'db', mode: 'full' }]);
    const sidecar = parseSidecar((await readSmall(await a.get('tool_source/db/2026-03-04_05-06-07.txt.zst.meta.json'))).toString());
    expect(sidecar.dump).toEqual({ format: 'text', mode: 'full' });
  });

  it('refuses an unknown dump mode before anything runs or is stored', async () => {
    const a = new MemoryDestination();
    const dump = { database: 'db', mode: 'everything' } as unknown as BackupRequest['dump'];
    const outcome = await runBackup(request({ dump, destinations: [{ name: 'a', destination: a }] }));
    expect(outcome).toMatchObject({ status: 'failed', destinations: [] });
    expect(outcome.error).toMatch(/Invalid dump options: mode/);
    expect(await keys(a)).toEqual([]);
  });

  it('names a missing compression tool', async () => {
    const outcome = await runBackup(request({ source: new ToolSource('lifeboat-no-such-tool', []), destinations: [{ name: 'a', destination: new MemoryDestination() }] }));
    expect(outcome.error).toMatch(/lifeboat-no-such-tool is not installed/);
  });
});
