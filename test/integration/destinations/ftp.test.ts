import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpDestination } from '../../../src/adapters/destinations/ftp/ftp.destination.js';
import { ftpDestinationPlugin, type FtpConfig } from '../../../src/adapters/destinations/ftp/ftp.plugin.js';
import { PermissionError } from '../../../src/lib/errors.js';
import { destinationContract } from '../../support/destination-contract.js';
import { startFaultyProxy } from '../../support/servers/faulty-proxy.js';
import { startFtpServer, type FtpTestServer } from '../../support/servers/ftp.js';

let server: FtpTestServer;

beforeAll(async () => {
  server = await startFtpServer();
});
afterAll(async () => {
  await server?.stop();
});

function config(overrides: Partial<FtpConfig> = {}): FtpConfig {
  return ftpDestinationPlugin.configSchema.parse({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    path: '/backups',
    ...overrides,
  });
}

destinationContract('ftp', {
  create: () => new FtpDestination(config()),
  rawNames: async () => (await readdir(server.directory, { recursive: true })).map(String),
  largeBytes: 50_000_000,
  faulty: async (dropAfterBytes) => {
    // Cuts the control connection as the upload starts; the data connection goes straight to the passive port.
    const proxy = await startFaultyProxy({ port: server.port }, dropAfterBytes, { dropOn: /^STOR /m });
    return { destination: new FtpDestination(config({ port: proxy.port })), stop: proxy.stop };
  },
});

describe('ftp specifics', () => {
  it('refuses a wrong password without echoing it', async () => {
    const d = new FtpDestination(config({ password: 'wrong-password-123' }));
    const error = await d.test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).not.toContain('wrong-password-123');
    await d.close();
  });

  for (const tls of ['explicit', 'implicit'] as const) {
    it(`stores and reads over FTPS (${tls} TLS) with a pinned self-signed certificate`, async () => {
      const secure = await startFtpServer({ tls });
      const d = new FtpDestination(
        ftpDestinationPlugin.configSchema.parse({
          host: secure.host,
          port: secure.port,
          user: secure.user,
          password: secure.password,
          secure: tls,
          caCertificate: secure.certificate,
        }),
      );
      try {
        await d.put('tls/secret.bin', Readable.from(['over tls']));
        const chunks: Buffer[] = [];
        for await (const chunk of await d.get('tls/secret.bin')) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).toString()).toBe('over tls');
      } finally {
        await d.close();
        await secure.stop();
      }
    });
  }
});
