import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisSource } from '../../src/adapters/sources/redis/redis.source.js';
import { redisConfigSchema } from '../../src/adapters/sources/redis/redis.config.js';
import type { Source } from '../../src/adapters/sources/types.js';
import type { SourceFixture } from './source-contract.js';

/**
 * Redis tests own logical databases 10-15 of the machine's server (each test file its own pair) and empty them
 * before and after use; database 0 and every other database are never written.
 */
export const REDIS_TEST_URL = { host: '127.0.0.1', port: 6379 };

export function redisSource(overrides: Record<string, unknown> = {}): Source {
  return new RedisSource(redisConfigSchema.parse({ ...REDIS_TEST_URL, ...overrides }));
}

/** Which server: the machine's by default, or a private one (port and password). */
export interface RedisServer {
  port?: number;
  password?: string;
}

export async function withDb<T>(db: number, use: (client: Redis) => Promise<T>, server: RedisServer = {}): Promise<T> {
  const client = new Redis({ ...REDIS_TEST_URL, ...server, db, lazyConnect: true });
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}

export const flushDb = (db: number, server?: RedisServer) => withDb(db, async (c) => void (await c.flushdb()), server);

/** Every type, binary and unicode keys, a 1 MB value, TTLs, and enough keys for several SCAN pages. */
export async function seedRedis(db: number, server?: RedisServer): Promise<void> {
  await withDb(db, async (c) => {
    await c.flushdb();
    const pipe = c.pipeline();
    pipe.set('plain', 'hello');
    pipe.set('', 'the empty key');
    pipe.set('键 🔑 ü', 'valeur ✓ 😀');
    pipe.set(Buffer.from([0, 255, 1, 254, 10, 13]), randomBytes(512));
    pipe.set('big', 'x'.repeat(1024 * 1024));
    pipe.set('expiring', 'soon', 'EX', 3600);
    pipe.hset('hash:small', { a: '1', b: 'ü' });
    for (let i = 0; i < 600; i++) pipe.hset('hash:large', `field-${i}`, `value-${i}`);
    pipe.rpush('list', 'a', 'b', 'c', Buffer.from([0, 1, 2]));
    pipe.sadd('set:ints', 1, 2, 3, 42);
    pipe.sadd('set:strings', 'x', 'y', '😀');
    pipe.zadd('zset', 1.5, 'one', -3, 'minus', Number.MAX_SAFE_INTEGER, 'huge');
    pipe.xadd('stream', '1-1', 'event', 'created', 'by', 'ü');
    pipe.xadd('stream', '2-0', 'event', 'updated');
    pipe.xgroup('CREATE', 'stream', 'workers', '0');
    pipe.hset('hash:expiring', 'k', 'v');
    pipe.pexpire('hash:expiring', 7_200_000);
    for (let i = 0; i < 1200; i++) pipe.set(`many:${i}`, `v${i}`);
    await pipe.exec();
  }, server);
}

const hex = (value: unknown): unknown =>
  Buffer.isBuffer(value) ? value.toString('hex') : Array.isArray(value) ? value.map(hex) : value;

/** Commands reading a key's whole content, by type (all pipelined, replies as Buffers). */
const READERS: Record<string, (key: Buffer) => (string | Buffer)[][]> = {
  string: (k) => [['GET', k]],
  hash: (k) => [['HGETALL', k]],
  list: (k) => [['LRANGE', k, '0', '-1']],
  set: (k) => [['SMEMBERS', k]],
  zset: (k) => [['ZRANGE', k, '0', '-1', 'WITHSCORES']],
  stream: (k) => [['XRANGE', k, '-', '+'], ['XINFO', 'GROUPS', k]],
};

/** Unordered replies (hash fields, set members) sorted so equal contents compare equal. */
function canonical(type: string, replies: unknown[]): unknown {
  const values = replies.map(hex);
  if (type === 'set') return (values[0] as string[]).sort();
  if (type === 'hash') {
    const flat = values[0] as string[];
    return flat.filter((_, i) => i % 2 === 0).map((field, i) => `${field}=${flat[2 * i + 1]}`).sort();
  }
  return values;
}

async function pageEntries(c: Redis, keys: Buffer[]): Promise<{ type: string; line: string; expiring: boolean }[]> {
  const meta = c.pipeline();
  for (const key of keys) meta.type(key).pttl(key);
  const metaReplies = (await meta.exec())!.map(([, value]) => value);
  const types = keys.map((_, i) => String(metaReplies[2 * i]));
  const content = c.pipeline();
  keys.forEach((key, i) => {
    for (const [command, ...args] of READERS[types[i]!]?.(key) ?? []) content.callBuffer(command as string, ...args);
  });
  const replies = (await content.exec())!.map(([, value]) => value);
  let next = 0;
  return keys.map((key, i) => {
    const count = READERS[types[i]!]?.(key).length ?? 0;
    const value = canonical(types[i]!, replies.slice(next, next + count));
    next += count;
    return { type: types[i]!, line: `${key.toString('hex')}:${JSON.stringify(value)}`, expiring: Number(metaReplies[2 * i + 1]) > 0 };
  });
}

/** Per type: key count and a SHA-256 over sorted (key, content) entries; `(ttl)` counts keys that expire. */
export async function fingerprintRedis(db: number, server?: RedisServer): Promise<Record<string, { rows: number; checksum: string }>> {
  return withDb(db, async (c) => {
    const lines = new Map<string, Set<string>>();
    const expiring = new Set<string>();
    for await (const keys of c.scanBufferStream({ count: 500 }) as AsyncIterable<Buffer[]>) {
      for (const entry of await pageEntries(c, keys)) {
        if (!lines.has(entry.type)) lines.set(entry.type, new Set());
        lines.get(entry.type)!.add(entry.line);
        if (entry.expiring) expiring.add(entry.line);
      }
    }
    const out: Record<string, { rows: number; checksum: string }> = { '(ttl)': { rows: expiring.size, checksum: '' } };
    for (const [type, set] of lines) {
      const sorted = [...set].sort();
      out[type] = { rows: sorted.length, checksum: createHash('sha256').update(sorted.join('\n')).digest('hex') };
    }
    return out;
  }, server);
}

/** The shared fixture on databases `seedDb` (source) and `targetDb` (restore target). */
export function redisFixture(seedDb: number, targetDb: number): SourceFixture {
  return {
    engine: 'redis',
    source: () => redisSource(),
    async seed() {
      await seedRedis(seedDb);
      return { database: String(seedDb), cleanup: () => flushDb(seedDb) };
    },
    async emptyTarget() {
      await flushDb(targetDb);
      return { database: String(targetDb), cleanup: () => flushDb(targetDb) };
    },
    fingerprint: (database) => fingerprintRedis(Number(database)),
    wrongPassword: () => redisSource({ username: 'lifeboat_test_nobody', password: 'wrong-password-123' }),
    unreachable: () => redisSource({ port: 1 }),
  };
}

/** A private, password-protected redis-server on a free loopback port, for whole-server tests. */
export async function startPrivateRedis(password: string): Promise<{ port: number; stop(): Promise<void> }> {
  const { createServer } = await import('node:net');
  const { spawn } = await import('node:child_process');
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    const ready = await client.connect().then(() => true, () => false);
    client.disconnect();
    if (ready) return { port, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error('redis-server did not start within 10 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50)); // polling a real server's readiness, bounded by the deadline
  }
}
