import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/adapters/destinations/types.js';
import { CancelledError, NotFoundError, ValidationError } from '../../src/lib/errors.js';
import { generatedStream, hashStream, peakRssGrowth } from './generated-stream.js';

/**
 * What every destination adapter must pass. A fixture builds destinations on a fresh, empty root
 * (a temp folder, bucket or server directory) and, where it can, shows the raw storage so the suite
 * can prove that no temporary or partial file was left behind.
 */
export interface DestinationFixture {
  /** A destination on the fixture's root; may be called several times. */
  create(): Promise<Destination> | Destination;
  /** Every file name stored under the root (paths), including temporary ones (omit where storage hides them, as S3 does). */
  rawNames?(): Promise<string[]>;
  /** Bytes for the large-stream test (default 200 MB). */
  largeBytes?: number;
  /** Loose bound on RSS growth during the large upload (default 150 MB). */
  maxRssGrowth?: number;
  /**
   * A destination whose connection the server side drops once `dropAfterBytes` were uploaded, and a way to
   * stop that fault. Omit for destinations without a network.
   */
  faulty?(dropAfterBytes: number): Promise<{ destination: Destination; stop(): Promise<void> }>;
}

const MB = 1_000_000;
const TRAVERSAL_KEYS = ['../escape.txt', 'a/../../escape.txt', '/etc/escape.txt', 'a\\..\\escape.txt', 'a//b', 'a/', '', 'bad\u0000name', 'x'.repeat(1100)];

function body(text: string | Buffer): Readable {
  return Readable.from([Buffer.from(text)]);
}

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function keys(destination: Destination, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const info of destination.list(prefix)) out.push(info.key);
  return out.sort();
}

export function destinationContract(name: string, fixture: DestinationFixture): void {
  describe(`${name} destination contract`, () => {
    let d: Destination;
    beforeAll(async () => {
      d = await fixture.create();
    });
    afterAll(async () => {
      await d?.close();
    });

    it('passes its own connection test', async () => {
      await d.test();
    });

    it('stores, stats, reads and deletes an object', async () => {
      const stored = await d.put('basic/one.bin', body('hello world'));
      expect(stored).toMatchObject({ key: 'basic/one.bin', size: 11 });
      const info = await d.stat('basic/one.bin');
      expect(info.size).toBe(11);
      expect(info.modifiedAt).toBeInstanceOf(Date);
      expect(await text(await d.get('basic/one.bin'))).toBe('hello world');
      await d.delete('basic/one.bin');
      await expect(d.stat('basic/one.bin')).rejects.toBeInstanceOf(NotFoundError);
      await d.delete('basic/one.bin');
    });

    it('reads byte ranges', async () => {
      const data = randomBytes(100_000);
      await d.put('range/data.bin', Readable.from([data]));
      const exact = await hashStream(await d.get('range/data.bin', { start: 1000, end: 1999 }));
      expect(exact.size).toBe(1000);
      const tail = await hashStream(await d.get('range/data.bin', { start: 99_990 }));
      expect(tail.size).toBe(10);
      const chunks: Buffer[] = [];
      for await (const chunk of await d.get('range/data.bin', { start: 5, end: 9 })) chunks.push(Buffer.from(chunk as Buffer));
      expect(Buffer.concat(chunks).equals(data.subarray(5, 10))).toBe(true);
    });

    it('throws NotFoundError for absent objects', async () => {
      await expect(d.stat('absent/nothing.bin')).rejects.toBeInstanceOf(NotFoundError);
      await expect(d.get('absent/nothing.bin')).rejects.toBeInstanceOf(NotFoundError);
      expect(await keys(d, 'absent/')).toEqual([]);
    });

    it('lists recursively by prefix', async () => {
      for (const key of ['list/a.bin', 'list/sub/b.bin', 'list/sub/deeper/c.bin', 'listing-other.bin']) await d.put(key, body(key));
      expect(await keys(d, 'list/')).toEqual(['list/a.bin', 'list/sub/b.bin', 'list/sub/deeper/c.bin']);
      expect(await keys(d, 'list/sub/')).toEqual(['list/sub/b.bin', 'list/sub/deeper/c.bin']);
      expect(await keys(d, 'list')).toEqual(['list/a.bin', 'list/sub/b.bin', 'list/sub/deeper/c.bin', 'listing-other.bin']);
      const all = await keys(d, '');
      expect(all).toEqual(expect.arrayContaining(['list/a.bin', 'listing-other.bin']));
      const sizes = [];
      for await (const info of d.list('list/sub/deeper/')) sizes.push(info.size);
      expect(sizes).toEqual(['list/sub/deeper/c.bin'.length]);
    });

    it('overwrites an existing object', async () => {
      await d.put('overwrite/x.bin', body('first version, longer'));
      await d.put('overwrite/x.bin', body('second'));
      expect(await text(await d.get('overwrite/x.bin'))).toBe('second');
      expect((await d.stat('overwrite/x.bin')).size).toBe(6);
      expect(await keys(d, 'overwrite/')).toEqual(['overwrite/x.bin']);
    });

    it('handles unicode and spaces in keys', async () => {
      const key = 'unicode/données 日本語/ü €.bin';
      await d.put(key, body('ünïcödé'));
      expect(await text(await d.get(key))).toBe('ünïcödé');
      expect(await keys(d, 'unicode/')).toEqual([key]);
      await d.delete(key);
      expect(await keys(d, 'unicode/')).toEqual([]);
    });

    it('rejects traversal and malformed keys with ValidationError before touching storage', async () => {
      for (const key of TRAVERSAL_KEYS) {
        await expect(d.put(key, body('x')), key).rejects.toBeInstanceOf(ValidationError);
        await expect(d.get(key), key).rejects.toBeInstanceOf(ValidationError);
        await expect(d.stat(key), key).rejects.toBeInstanceOf(ValidationError);
        await expect(d.delete(key), key).rejects.toBeInstanceOf(ValidationError);
      }
      await expect(keys(d, '../')).rejects.toBeInstanceOf(ValidationError);
      expect((await keys(d, '')).some((k) => k.includes('escape'))).toBe(false);
    });

    it('leaves nothing visible when an upload is aborted midway', async () => {
      const controller = new AbortController();
      const source = generatedStream(64 * MB, (produced) => {
        if (produced >= 12 * MB && !controller.signal.aborted) controller.abort();
      });
      const error = await d.put('abort/partial.bin', source.stream, controller.signal).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CancelledError);
      expect(await keys(d, 'abort/')).toEqual([]);
      await expect(d.stat('abort/partial.bin')).rejects.toBeInstanceOf(NotFoundError);
      if (fixture.rawNames) expect((await fixture.rawNames()).filter((n) => n.includes('partial'))).toEqual([]);
    });

    it(`streams a large generated upload without memory growth`, async () => {
      const total = fixture.largeBytes ?? 200 * MB;
      const source = generatedStream(total);
      const { result, growth } = await peakRssGrowth(() => d.put('large/stream.bin', source.stream));
      expect(result.size).toBe(total);
      expect(growth).toBeLessThan(fixture.maxRssGrowth ?? 150 * MB);
      const back = await hashStream(await d.get('large/stream.bin'));
      expect(back).toEqual({ sha256: source.digest(), size: total });
      await d.delete('large/stream.bin');
    });

    it.runIf(Boolean(fixture.faulty))('fails cleanly, with nothing partial visible, when the server drops the connection', async () => {
      const { destination, stop } = await fixture.faulty!(3 * MB);
      try {
        const source = generatedStream(40 * MB);
        await expect(destination.put('fault/dropped.bin', source.stream)).rejects.toThrow();
      } finally {
        await destination.close().catch(() => undefined);
        await stop();
      }
      expect(await keys(d, 'fault/')).toEqual([]);
      await expect(d.stat('fault/dropped.bin')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
