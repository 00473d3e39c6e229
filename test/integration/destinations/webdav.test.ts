import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebdavDestination } from '../../../src/adapters/destinations/webdav/webdav.destination.js';
import { webdavDestinationPlugin, type WebdavConfig } from '../../../src/adapters/destinations/webdav/webdav.plugin.js';
import { PermissionError } from '../../../src/lib/errors.js';
import { destinationContract } from '../../support/destination-contract.js';
import { startFaultyProxy } from '../../support/servers/faulty-proxy.js';
import { startWebdavServer, type WebdavTestServer } from '../../support/servers/webdav.js';

let server: WebdavTestServer;

beforeAll(async () => {
  server = await startWebdavServer();
});
afterAll(async () => {
  await server?.stop();
});

function config(overrides: Partial<WebdavConfig> = {}, base = server.url): WebdavConfig {
  return webdavDestinationPlugin.configSchema.parse({
    url: `${base}/backups`,
    username: server.username,
    password: server.password,
    ...overrides,
  });
}

destinationContract('webdav', {
  create: async () => {
    const d = new WebdavDestination(config({ url: server.url }));
    // The destination's folder must exist on a WebDAV share, as on Nextcloud.
    await d.put('backups/.keep', (await import('node:stream')).Readable.from(['']));
    return new WebdavDestination(config());
  },
  rawNames: async () => (await readdir(server.directory, { recursive: true })).map(String),
  largeBytes: 50_000_000,
  faulty: async (dropAfterBytes) => {
    const proxy = await startFaultyProxy({ port: server.port }, dropAfterBytes);
    return { destination: new WebdavDestination(config({}, `http://127.0.0.1:${proxy.port}`)), stop: proxy.stop };
  },
});

describe('webdav specifics', () => {
  it('refuses a wrong password without echoing it', async () => {
    const error = await new WebdavDestination(config({ password: 'wrong-password-123' })).test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).not.toContain('wrong-password-123');
  });

  it('redacts the password', () => {
    expect(webdavDestinationPlugin.redact(config())).toMatchObject({ password: '[redacted]', username: 'lifeboat' });
  });
});
