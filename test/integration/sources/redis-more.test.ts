import { PassThrough, type Readable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { redisSourcePlugin } from '../../../src/adapters/sources/redis/redis.plugin.js';
import { CancelledError } from '../../../src/lib/errors.js';
import { fingerprintRedis, flushDb, redisSource, seedRedis, startPrivateRedis, withDb } from '../../support/redis-fixture.js';

const SEED_DB = 12;
const TARGET_DB = 13;
const never = () => new AbortController().signal;

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
const input = (bytes: Buffer): Readable => {
  const stream = new PassThrough();
  stream.end(bytes);
  return stream;
};

async function dumpDb(db: number, source = redisSource()): Promise<Buffer> {
  const dump = await source.dump({ database: String(db), mode: 'full' }, never());
  const bytes = await collect(dump.stream);
  await dump.done;
  return bytes;
}

describe('Redis source: TTLs, cancellation, damaged input, whole server', () => {
  afterEach(async () => {
    await flushDb(SEED_DB);
    await flushDb(TARGET_DB);
  });

  it('keeps the TTL of expiring keys', async () => {
    await seedRedis(SEED_DB);
    await redisSource().restore(input(await dumpDb(SEED_DB)), { database: String(TARGET_DB), format: 'redis-records' }, never());
    const ttl = await withDb(TARGET_DB, (c) => c.pttl('expiring'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await withDb(TARGET_DB, (c) => c.pttl('plain'))).toBe(-1);
  });

  it('stops mid-dump when cancelled', async () => {
    await seedRedis(SEED_DB);
    const controller = new AbortController();
    const dump = await redisSource().dump({ database: String(SEED_DB), mode: 'full' }, controller.signal);
    const first = await new Promise<Buffer>((resolve) => dump.stream.once('data', resolve));
    expect(first.length).toBeGreaterThan(0);
    controller.abort();
    dump.stream.resume();
    await expect(dump.done).rejects.toBeInstanceOf(CancelledError);
  });

  it('refuses truncated or foreign input', async () => {
    await seedRedis(SEED_DB);
    const bytes = await dumpDb(SEED_DB);
    const restore = (data: Buffer) => redisSource().restore(input(data), { database: String(TARGET_DB), format: 'redis-records' }, never());
    await expect(restore(bytes.subarray(0, bytes.length - 1))).rejects.toThrow(/truncated/);
    await expect(restore(bytes.subarray(0, bytes.length - 9))).rejects.toThrow(/end record is missing/);
    await expect(restore(Buffer.from('SQLite format 3\0 and more'))).rejects.toThrow(/Not a Lifeboat Redis backup/);
  });

  it('reports key counts and the server version', async () => {
    await seedRedis(SEED_DB);
    expect(await redisSource().listDatabases()).toContain(String(SEED_DB));
    const stats = await redisSource({ db: SEED_DB }).tableStats!(undefined, 'exact');
    expect(stats).toEqual({ level: 'estimates', checksum: null, tables: [{ table: `db${SEED_DB}`, rows: expect.any(Number) as number }] });
    expect(stats.tables[0]!.rows).toBeGreaterThan(1200);
    expect((await redisSource().test()).serverVersion).toMatch(/^\d+\.\d+/);
  });

  it('parses redis:// and rediss:// URLs and redacts the password', () => {
    const { config, databases } = redisSourcePlugin.fromUrl!(new URL('rediss://app:s%40cret@cache.example:6380/3'));
    expect(config).toMatchObject({ host: 'cache.example', port: 6380, username: 'app', password: 's@cret', tls: true });
    expect(databases).toEqual(['3']);
    expect(JSON.stringify(redisSourcePlugin.redact(config))).not.toContain('s@cret');
  });

  describe('on a private password-protected server', () => {
    const password = 'pri vate#"pass';
    const server = startPrivateRedis(password);
    afterAll(async () => (await server).stop());

    it('backs up every database in one artifact and restores them all', async () => {
      const { port } = await server;
      for (const db of [0, 5]) await seedRedis(db, { port, password });
      const source = redisSource({ port, password });
      expect(await source.listDatabases()).toEqual(['0', '5']);
      const before = await Promise.all([0, 5].map((db) => fingerprintRedis(db, { port, password })));
      const dump = await source.dump({ mode: 'full' }, never());
      const bytes = await collect(dump.stream);
      await dump.done;
      const admin = new Redis({ host: '127.0.0.1', port, password });
      await admin.flushall();
      admin.disconnect();
      await source.restore(input(bytes), { format: 'redis-records' }, never());
      expect(await Promise.all([0, 5].map((db) => fingerprintRedis(db, { port, password })))).toEqual(before);
    });

    it('fails clearly on a wrong password, without echoing it', async () => {
      const { port } = await server;
      const error = await redisSource({ port, password: 'wrong-password-123' }).test().then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/refused the login/);
      expect(error?.message).not.toContain('wrong-password-123');
    });
  });
});
