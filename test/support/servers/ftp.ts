import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FtpSrv } from 'ftp-srv';
import { selfSignedCertificate } from './tls-cert.js';

export interface FtpTestServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** 'explicit' (AUTH TLS) or 'implicit' when started with TLS, else false. */
  secure: false | 'explicit' | 'implicit';
  /** The self-signed certificate (PEM) to trust when `secure` is set. */
  certificate?: string;
  /** The folder served as '/' (removed by stop()). */
  directory: string;
  stop(): Promise<void>;
}

const quietLog = new Proxy({}, { get: (_t, name) => (name === 'child' ? () => quietLog : () => undefined) });
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

/**
 * An FTP server (ftp-srv) on a free loopback port with passive mode, one user and a temp folder as root.
 * `tls: 'explicit' | 'implicit'` adds FTPS with a self-signed certificate generated now (openssl CLI).
 */
export async function startFtpServer(options: { tls?: 'explicit' | 'implicit' } = {}): Promise<FtpTestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lifeboat-ftp-'));
  const user = 'lifeboat';
  const password = 'ftp-test-password';
  const pem = options.tls ? selfSignedCertificate() : undefined;
  // ftp-srv installs process signal handlers per instance; remember them so stop() can take them away.
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const server = new FtpSrv({
    url: `${options.tls === 'implicit' ? 'ftps' : 'ftp'}://127.0.0.1:0`,
    pasv_url: '127.0.0.1',
    pasv_min: 40_000,
    pasv_max: 60_000,
    tls: pem ? { key: pem.key, cert: pem.cert } : false,
    log: quietLog,
    greeting: 'lifeboat test server',
  });
  server.on('login', ({ username, password: given }, resolve, reject) => {
    if (username === user && given === password) resolve({ root: directory });
    else reject(new Error('Invalid username or password'));
  });
  await server.listen();
  const port = ((server as unknown as { server: Server }).server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    secure: options.tls ?? false,
    certificate: pem?.cert,
    directory,
    stop: async () => {
      await server.close();
      for (const signal of SIGNALS) {
        for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.off(signal, listener);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
