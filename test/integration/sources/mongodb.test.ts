import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { Binary, BSON, Decimal128, MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { TransientError, ValidationError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { MongodbSource } from '../../../src/adapters/sources/mongodb/mongodb.source.js';
import { mongodbConfigSchema, parseMongodbUrl } from '../../../src/adapters/sources/mongodb/mongodb.config.js';
import { sourceContract, type SourceFixture } from '../../support/source-contract.js';
import { scratchName } from '../../support/databases.js';

const TEST_URL = process.env.MONGODB_TEST_URL;
const mongodumpInstalled = (() => {
  try {
    execFileSync('mongodump', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const source = (uri: string, connectTimeoutSeconds = 8) =>
  new MongodbSource(mongodbConfigSchema.parse({ uri, connectTimeoutSeconds }), { logger: silentLogger });

describe('mongodb source without a server', () => {
  it.skipIf(mongodumpInstalled)('names the package to install when mongodump is missing (skipped: mongodump is installed)', async () => {
    const dump = await source('mongodb://127.0.0.1:1/').dump({ database: 'x', mode: 'full' }, new AbortController().signal);
    dump.stream.resume();
    await expect(dump.done).rejects.toThrow(/mongodump is not installed or not on PATH \(install the Debian package mongodb-database-tools\)/);
  });

  it('fails clearly and quickly on an unreachable server', async () => {
    const started = Date.now();
    const error = await source('mongodb://app:pw-never-shown@127.0.0.1:1/', 1).test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/^Cannot reach MongoDB at 127\.0\.0\.1:1/);
    expect((error as Error).message).not.toContain('pw-never-shown');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses schema-only dumps and unknown formats', async () => {
    await expect(source('mongodb://127.0.0.1:1/').dump({ mode: 'schema' }, new AbortController().signal)).rejects.toThrow(/full dumps only/);
    const restore = source('mongodb://127.0.0.1:1/').restore(new PassThrough(), { format: 'pg-custom' }, new AbortController().signal);
    await expect(restore).rejects.toBeInstanceOf(ValidationError);
  });
});

/** Only with a real server: MONGODB_TEST_URL=mongodb://user:pass@host:27017/?authSource=admin */
function mongoFixture(url: string): SourceFixture {
  const { config } = parseMongodbUrl(new URL(url));
  const withClient = async <T>(use: (client: MongoClient) => Promise<T>) => {
    const client = await MongoClient.connect(config.uri);
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  };
  const drop = (name: string) => withClient((c) => c.db(name).dropDatabase().then(() => undefined));
  return {
    engine: 'mongodb',
    source: () => source(config.uri),
    seed: async () => {
      const database = scratchName();
      await withClient(async (c) => {
        await c.db(database).collection('items').insertMany([
          { _id: 1 as never, label: 'héllo ✓ 日本語 🚀', nothing: null, bin: new Binary(Buffer.from([0, 255, 16])), price: Decimal128.fromString('12345678901234567890.0123456789'), at: new Date('2024-02-29T23:59:59.123Z'), nested: { a: [1, 2.5, 'x'] } },
          { _id: 2 as never, big: 'x'.repeat(1024 * 1024) },
        ]);
        await c.db(database).collection('name with space ü').insertOne({ _id: 'k' as never, v: 1 });
      });
      return { database, cleanup: () => drop(database) };
    },
    emptyTarget: async () => {
      const database = scratchName();
      return { database, cleanup: () => drop(database) };
    },
    fingerprint: (database) =>
      withClient(async (c) => {
        const out: Record<string, { rows: number; checksum: string }> = {};
        for (const { name } of await c.db(database).listCollections().toArray()) {
          const docs = await c.db(database).collection(name).find().sort({ _id: 1 }).toArray();
          out[name] = { rows: docs.length, checksum: createHash('md5').update(BSON.EJSON.stringify(docs, { relaxed: false })).digest('hex') };
        }
        return out;
      }),
    unreachable: () => source('mongodb://127.0.0.1:1/', 1),
  };
}

describe.skipIf(!TEST_URL)('mongodb against a real server (skipped: set MONGODB_TEST_URL to run)', () => {
  sourceContract('mongodb', mongoFixture(TEST_URL ?? 'mongodb://127.0.0.1:27017/'));
});
