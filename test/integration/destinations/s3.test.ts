import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3DestinationPlugin, type S3Config } from '../../../src/adapters/destinations/s3/s3.plugin.js';
import { S3Destination } from '../../../src/adapters/destinations/s3/s3.destination.js';
import { NotFoundError, PermissionError } from '../../../src/lib/errors.js';
import { destinationContract } from '../../support/destination-contract.js';
import { startFaultyProxy } from '../../support/servers/faulty-proxy.js';
import { startS3Server, type S3TestServer } from '../../support/servers/s3.js';

let server: S3TestServer;

beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.stop();
});

function config(overrides: Partial<S3Config> = {}): S3Config {
  return s3DestinationPlugin.configSchema.parse({
    endpoint: server.endpoint,
    region: server.region,
    bucket: server.bucket,
    prefix: 'backups/',
    forcePathStyle: true,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    partSizeMiB: 8,
    ...overrides,
  });
}

destinationContract('s3', {
  create: () => new S3Destination(config()),
  faulty: async (dropAfterBytes) => {
    const proxy = await startFaultyProxy({ port: server.port }, dropAfterBytes);
    return { destination: new S3Destination(config({ endpoint: `http://127.0.0.1:${proxy.port}` })), stop: proxy.stop };
  },
});

describe('s3 specifics', () => {
  it('keeps objects under the configured prefix', async () => {
    const d = new S3Destination(config({ prefix: 'other/place' }));
    await d.put('k.bin', (await import('node:stream')).Readable.from(['x']));
    const root = new S3Destination(config({ prefix: '' }));
    const keys: string[] = [];
    for await (const info of root.list('other/')) keys.push(info.key);
    expect(keys).toEqual(['other/place/k.bin']);
    await d.delete('k.bin');
    await Promise.all([d.close(), root.close()]);
  });

  it('reports a missing bucket and refused credentials clearly', async () => {
    const missing = new S3Destination(config({ bucket: 'no-such-bucket' }));
    await expect(missing.test()).rejects.toThrow(/bucket "no-such-bucket" does not exist/);
    await expect(missing.test()).rejects.toBeInstanceOf(NotFoundError);
    const denied = new S3Destination(config({ accessKeyId: 'UNKNOWNKEY', secretAccessKey: 'wrong-secret' }));
    const error = await denied.test().catch((e: Error) => e);
    expect(error, String(error)).toBeInstanceOf(PermissionError);
    expect((error as Error).message).not.toContain('wrong-secret');
    await Promise.all([missing.close(), denied.close()]);
  });

  it('redacts the secret key', () => {
    expect(s3DestinationPlugin.redact(config())).toMatchObject({ secretAccessKey: '[redacted]', accessKeyId: 'S3RVER' });
  });
});
