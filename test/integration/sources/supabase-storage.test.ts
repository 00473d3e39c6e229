import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, ValidationError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { SupabaseSource } from '../../../src/adapters/sources/supabase/supabase.source.js';
import { supabaseConfigSchema } from '../../../src/adapters/sources/supabase/supabase.config.js';
import { STORAGE_DATABASE } from '../../../src/adapters/sources/supabase/supabase.source.js';
import { PG_CONFIG } from '../../support/postgres-fixture.js';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => S3rverInstance;

const OBJECTS: Record<string, Record<string, Buffer>> = {
  avatars: {
    'users/ünïcode naïve ✓.png': randomBytes(3000),
    [`${'deep/'.repeat(30)}long-name-past-one-hundred-bytes.bin`]: randomBytes(10),
    'empty.txt': Buffer.alloc(0),
    'exact-512.bin': randomBytes(512),
  },
  documents: { 'big.bin': randomBytes(1024 * 1024 + 7) },
};

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function listFiles(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(out, await listFiles(dir, relative));
    else out[relative] = sha(await readFile(path.join(dir, relative)));
  }
  return out;
}

describe('supabase source: Storage buckets through the S3-compatible endpoint (s3rver standing in)', () => {
  let server: S3rverInstance;
  let dir: string;
  let endpoint: string;
  const source = (buckets: string[] = []) =>
    new SupabaseSource(
      supabaseConfigSchema.parse({
        ...PG_CONFIG,
        sslmode: 'disable',
        storageEndpoint: endpoint,
        storageAccessKeyId: 'S3RVER',
        storageSecretAccessKey: 'S3RVER',
        storageBuckets: buckets,
      }),
      { logger: silentLogger },
    );

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-supabase-storage-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(dir, 's3') });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    for (const [bucket, objects] of Object.entries(OBJECTS)) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      for (const [key, body] of Object.entries(objects)) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
    client.destroy();
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function dumpAndExtract(buckets: string[], name: string): Promise<Record<string, string>> {
    const dump = await source(buckets).dump({ database: STORAGE_DATABASE, mode: 'full' }, new AbortController().signal);
    expect(dump).toMatchObject({ format: 'supabase-storage-tar', extension: 'tar' });
    const archive = path.join(dir, `${name}.tar`);
    await Promise.all([pipeline(dump.stream, createWriteStream(archive)), dump.done]);
    const out = path.join(dir, name);
    await mkdir(out, { recursive: true });
    await promisify(execFile)('tar', ['-xf', archive, '-C', out]); // any standard tar reads it
    return listFiles(out);
  }

  it('lists Storage as one more database', async () => {
    expect(await source().listDatabases()).toContain(STORAGE_DATABASE);
  });

  it('archives every object of every bucket, byte for byte', async () => {
    const expected: Record<string, string> = {};
    for (const [bucket, objects] of Object.entries(OBJECTS)) {
      for (const [key, body] of Object.entries(objects)) expected[path.join(bucket, key)] = sha(body);
    }
    expect(await dumpAndExtract([], 'all')).toEqual(expected);
  });

  it('archives only the chosen buckets', async () => {
    expect(Object.keys(await dumpAndExtract(['documents'], 'documents'))).toEqual(['documents/big.bin']);
  });

  it('fails clearly on a missing bucket and stops when cancelled', async () => {
    const missing = await source(['no-such-bucket']).dump({ database: STORAGE_DATABASE, mode: 'full' }, new AbortController().signal);
    missing.stream.on('error', () => undefined).resume();
    await expect(missing.done).rejects.toThrow(/Supabase Storage at http:\/\/127\.0\.0\.1:\d+ failed/);
    const controller = new AbortController();
    const dump = await source().dump({ database: STORAGE_DATABASE, mode: 'full' }, controller.signal);
    dump.stream.on('error', () => undefined);
    await new Promise((resolve) => dump.stream.once('data', resolve));
    controller.abort();
    await expect(dump.done).rejects.toBeInstanceOf(CancelledError);
  });

  it('says how to restore Storage, rather than pretending to', async () => {
    const restore = source().restore(new PassThrough(), { format: 'supabase-storage-tar' }, new AbortController().signal);
    await expect(restore).rejects.toBeInstanceOf(ValidationError);
  });
});
