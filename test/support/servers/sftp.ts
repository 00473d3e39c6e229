import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { serveSftp } from './sftp-handlers.js';

export interface SftpTestServer {
  host: string;
  port: number;
  username: string;
  password: string;
  /** OpenSSH private key (ed25519) accepted for `username`, encrypted with `privateKeyPassphrase`. */
  privateKey: string;
  privateKeyPassphrase: string;
  /** The server's host key fingerprint, OpenSSH style: "SHA256:<base64 without padding>". */
  hostKeyFingerprint: string;
  /** The folder served as '/' (removed by stop()). */
  directory: string;
  stop(): Promise<void>;
}

function fingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * An SFTP server (the ssh2 package's Server) on a free loopback port, serving a temp folder as '/', with a
 * fresh ed25519 host key, password auth and one client key (with passphrase). `intercept` may wrap each
 * session before the handlers attach (fault injection: see sftp-faults.ts).
 */
/**
 * An ed25519 key pair ssh2 can read back. ssh2's generator strips every leading zero byte of the public key, so
 * about one key in 256 comes out malformed (ssh2 issue #1513); such a pair is drawn again.
 */
function ed25519KeyPair(options: Parameters<typeof ssh2.utils.generateKeyPairSync>[1] = {}) {
  for (let attempt = 0; ; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', options);
    if (!(ssh2.utils.parseKey(pair.public) instanceof Error)) return pair;
    if (attempt === 10) throw new Error('ssh2 generated 10 unreadable ed25519 keys in a row');
  }
}

export async function startSftpServer(options: { intercept?: (sftp: SFTPWrapper) => SFTPWrapper } = {}): Promise<SftpTestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lifeboat-sftp-'));
  const hostKey = ed25519KeyPair();
  const privateKeyPassphrase = 'client-key-passphrase';
  const clientKey = ed25519KeyPair({ passphrase: privateKeyPassphrase, cipher: 'aes256-ctr', rounds: 4 });
  const allowedKey = ssh2.utils.parseKey(clientKey.public) as ssh2.ParsedKey;
  const username = 'lifeboat';
  const password = 'sftp-test-password';
  const clients = new Set<ssh2.Connection>();

  const server = new ssh2.Server({ hostKeys: [hostKey.private] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client)).on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.username !== username) return ctx.reject();
      if (ctx.method === 'password' && ctx.password === password) return ctx.accept();
      if (ctx.method === 'publickey' && sameBytes(ctx.key.data, allowedKey.getPublicSSH())) {
        if (!ctx.signature || !ctx.blob) return ctx.accept();
        if (allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          serveSftp(options.intercept?.(sftp) ?? sftp, directory);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPublic = ssh2.utils.parseKey(hostKey.public);
  if (hostPublic instanceof Error) throw hostPublic;
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    username,
    password,
    privateKey: clientKey.private,
    privateKeyPassphrase,
    hostKeyFingerprint: fingerprint(hostPublic.getPublicSSH()),
    directory,
    stop: async () => {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
