import { readdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SftpDestination } from '../../../src/adapters/destinations/sftp/sftp.destination.js';
import { sftpDestinationPlugin, type SftpConfig } from '../../../src/adapters/destinations/sftp/sftp.plugin.js';
import { PermissionError } from '../../../src/lib/errors.js';
import { destinationContract } from '../../support/destination-contract.js';
import { startFaultyProxy } from '../../support/servers/faulty-proxy.js';
import { startSftpServer, type SftpTestServer } from '../../support/servers/sftp.js';

let server: SftpTestServer;

beforeAll(async () => {
  server = await startSftpServer();
});
afterAll(async () => {
  await server?.stop();
});

function config(overrides: Partial<SftpConfig> = {}): SftpConfig {
  return sftpDestinationPlugin.configSchema.parse({
    host: server.host,
    port: server.port,
    username: server.username,
    password: server.password,
    path: '/backups',
    hostKeyFingerprint: server.hostKeyFingerprint,
    ...overrides,
  });
}

destinationContract('sftp', {
  create: () => new SftpDestination(config()),
  rawNames: async () => (await readdir(server.directory, { recursive: true })).map(String),
  largeBytes: 50_000_000,
  faulty: async (dropAfterBytes) => {
    const proxy = await startFaultyProxy({ port: server.port }, dropAfterBytes);
    return { destination: new SftpDestination(config({ port: proxy.port })), stop: proxy.stop };
  },
});

describe('sftp specifics', () => {
  it('logs in with a private key and passphrase', async () => {
    const d = new SftpDestination(
      config({ password: undefined, privateKey: server.privateKey, passphrase: server.privateKeyPassphrase }),
    );
    await d.put('key-login.bin', Readable.from(['via key']));
    expect((await d.stat('key-login.bin')).size).toBe(7);
    await d.delete('key-login.bin');
    await d.close();
  });

  it('reports the host key on first test when none is pinned', async () => {
    const d = new SftpDestination(config({ hostKeyFingerprint: undefined }));
    expect(await d.test()).toEqual({ hostKeyFingerprint: server.hostKeyFingerprint });
    expect(d.lastSeenHostKey).toBe(server.hostKeyFingerprint);
    await d.close();
  });

  it('refuses a server whose host key differs from the pinned one', async () => {
    const wrong = `SHA256:${'A'.repeat(43)}`;
    const d = new SftpDestination(config({ hostKeyFingerprint: wrong }));
    const error = await d.test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toContain(server.hostKeyFingerprint);
    await d.close();
  });

  it('refuses a wrong password without echoing it', async () => {
    const d = new SftpDestination(config({ password: 'wrong-password-123' }));
    const error = await d.test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).not.toContain('wrong-password-123');
    await d.close();
  });

  it('needs a password or a key, and redacts them', () => {
    expect(sftpDestinationPlugin.configSchema.safeParse({ host: 'h', username: 'u' }).success).toBe(false);
    expect(sftpDestinationPlugin.redact(config({ privateKey: 'KEY', passphrase: 'PP' }))).toMatchObject({
      password: '[redacted]',
      privateKey: '[redacted]',
      passphrase: '[redacted]',
    });
  });
});
