import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpDestination } from '../../../src/adapters/destinations/ftp/ftp.destination.js';
import { ftpDestinationPlugin, type FtpConfig } from '../../../src/adapters/destinations/ftp/ftp.plugin.js';
import { PermissionError, TransientError } from '../../../src/lib/errors.js';
import { destinationContract } from '../../support/destination-contract.js';
import { startFaultyProxy } from '../../support/servers/faulty-proxy.js';
import { startFtpDataFaultProxy } from '../../support/servers/ftp-data-fault-proxy.js';
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
  it('fails an upload whose data connection is reset mid-transfer cleanly: error reported, nothing published, nothing left', async () => {
    const proxy = await startFtpDataFaultProxy({ port: server.port }, 2_000_000);
    const d = new FtpDestination(config({ port: proxy.port, path: '/data-fault' }));
    const started = Date.now();
    try {
      const error = await d.put('jobs/cut.bin', Readable.from(Array.from({ length: 64 }, () => Buffer.alloc(128 * 1024, 7)))).then(() => undefined, (e: Error) => e);
      expect(proxy.resets()).toBe(1);
      expect(error).toBeInstanceOf(TransientError);
      expect(error?.message).toMatch(/Writing jobs\/cut\.bin to ftp:\/\/127\.0\.0\.1\/data-fault: .*ECONNRESET/);
      expect(Date.now() - started).toBeLessThan(15_000); // failed by itself, not by the 30 s idle timeout
      const files = async () => (await readdir(path.join(server.directory, 'data-fault'), { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory()).map((e) => e.name);
      expect(await files()).toEqual([]);
      // The pool must not hand out a connection left mid-transfer: the next operations get straight answers.
      await d.put('jobs/after.bin', Readable.from(['small enough to pass']));
      const keys: string[] = [];
      for await (const info of d.list('jobs/')) keys.push(info.key);
      expect(keys).toEqual(['jobs/after.bin']);
      expect((await d.stat('jobs/after.bin')).size).toBe(20);
      expect(await files()).toEqual(['after.bin']);
    } finally {
      await d.close();
      await proxy.stop();
    }
  });

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
