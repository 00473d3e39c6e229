import path from 'node:path';
import type { EventEmitter } from 'node:events';
import { addAbortSignal, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SftpClient from 'ssh2-sftp-client';
import { withDeadline } from '../../../lib/deadline.js';
import { NotFoundError, TransientError } from '../../../lib/errors.js';
import { silentLogger, type Logger } from '../../../lib/logger.js';
import { assertValidKey, assertValidPrefix, isTemporaryKey, parentOf, temporaryKey } from '../keys.js';
import { markWriting, sweepAbandonedUploads } from '../shared/abandoned-uploads.js';
import { cancelledOr, joinPath, randomSuffix, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, DestinationTestResult, ObjectInfo } from '../types.js';
import { HostKeyPin } from './host-key.js';
import { translateSftpError } from './sftp.errors.js';
import type { SftpConfig } from './sftp.plugin.js';

/** How long a failed upload may spend removing its temporary file (reconnecting included). */
const DISCARD_TIMEOUT_MS = 20_000;

/**
 * A folder on an SFTP server, over one lazily opened connection (SFTP multiplexes requests). put() writes a
 * temporary name and renames it; the host key is pinned (see host-key.ts). A temporary file left by a killed
 * process is removed by a later successful upload to the same folder (see abandoned-uploads.ts).
 */
export class SftpDestination implements Destination {
  readonly capabilities: DestinationCapabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 4 };
  private readonly pin: HostKeyPin;
  private connection: Promise<SftpClient> | undefined;
  private current: SftpClient | undefined;
  private readonly root: string;

  constructor(
    private readonly config: SftpConfig,
    private readonly logger: Logger = silentLogger,
  ) {
    this.pin = new HostKeyPin(config.hostKeyFingerprint, `${config.host}:${config.port}`);
    this.root = config.path.replace(/\/+$/, '') || '/';
  }

  /** Fingerprint of the host key seen on the last connection, for the service to pin. */
  get lastSeenHostKey(): string | undefined {
    return this.pin.lastSeen;
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    const target = this.remote(key);
    throwIfAborted(signal, `Upload of ${key}`);
    const temp = joinPath(this.root, temporaryKey(key, randomSuffix()));
    const client = await this.client();
    const written = markWriting(this.location(temp));
    try {
      await this.ensureFolder(client, parentOf(key));
      const writer = client.createWriteStream(temp, { flags: 'w', mode: 0o600 }) as Writable;
      const unwatch = watchDrop(client, writer, `Upload of ${key}`);
      await pipeline(body, writer, { signal }).finally(unwatch);
      await this.replace(client, temp, target);
    } catch (error) {
      body.destroy();
      await this.discard(temp);
      throw translateSftpError(cancelledOr(error, signal, `Upload of ${key}`), `Writing ${key} to ${this.where()}`);
    } finally {
      written();
    }
    const folder = joinPath(this.root, parentOf(key));
    await sweepAbandonedUploads(
      async () => (await client.list(folder)).map((entry) => ({ name: entry.name, isFile: entry.type === '-', modifiedAt: new Date(entry.modifyTime) })),
      (name) => this.location(joinPath(folder, name)),
      (name) => client.delete(joinPath(folder, name), true),
    );
    return this.stat(key);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    const file = this.remote(key);
    await this.stat(key);
    const client = await this.client();
    const stream = client.createReadStream(file, { start: range?.start, end: range?.end, autoClose: true }) as Readable;
    const unwatch = watchDrop(client, stream, `Download of ${key}`);
    stream.once('close', unwatch);
    return signal ? addAbortSignal(signal, stream) : stream;
  }

  async stat(key: string): Promise<ObjectInfo> {
    const file = this.remote(key);
    const client = await this.client();
    const info = await client.stat(file).catch((error: unknown) => {
      throw translateSftpError(error, `Reading ${key} on ${this.where()}`);
    });
    if (!info.isFile) throw new NotFoundError(`Reading ${key} on ${this.where()}: not a file`);
    return { key, size: info.size, modifiedAt: new Date(info.modifyTime) };
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    const client = await this.client();
    yield* this.walk(client, prefix.endsWith('/') ? prefix.slice(0, -1) : parentOf(prefix), prefix);
  }

  async delete(key: string): Promise<void> {
    const file = this.remote(key);
    const client = await this.client();
    await client.delete(file, true).catch((error: unknown) => {
      throw translateSftpError(error, `Deleting ${key} on ${this.where()}`);
    });
  }

  async test(): Promise<DestinationTestResult> {
    const client = await this.client();
    await this.ensureFolder(client, '');
    await client.list(this.root).catch((error: unknown) => {
      throw translateSftpError(error, `Listing ${this.where()}`);
    });
    return { hostKeyFingerprint: this.pin.lastSeen };
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) await (await connection.catch(() => undefined))?.end().catch(() => undefined);
  }

  private async *walk(client: SftpClient, folder: string, prefix: string): AsyncGenerator<ObjectInfo> {
    const entries = await client.list(joinPath(this.root, folder)).catch((error: unknown) => {
      const translated = translateSftpError(error, `Listing ${folder || '/'} on ${this.where()}`);
      if (translated instanceof NotFoundError) return [];
      throw translated;
    });
    for (const entry of entries) {
      const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.type === 'd') {
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) yield* this.walk(client, key, prefix);
      } else if (entry.type === '-' && key.startsWith(prefix) && !isTemporaryKey(key)) {
        yield { key, size: entry.size, modifiedAt: new Date(entry.modifyTime) };
      }
    }
  }

  /** Atomic replace where the server offers posix-rename; otherwise remove the old object, then rename. */
  private async replace(client: SftpClient, temp: string, target: string): Promise<void> {
    try {
      await client.posixRename(temp, target);
      return;
    } catch (error) {
      if (!/not support/i.test((error as Error).message)) throw error;
    }
    await client.delete(target, true);
    await client.rename(temp, target);
  }

  private async ensureFolder(client: SftpClient, folder: string): Promise<void> {
    const remote = joinPath(this.root, folder);
    if ((await client.exists(remote)) === 'd') return;
    await client.mkdir(remote, true);
  }

  private remote(key: string): string {
    return joinPath(this.root, assertValidKey(key));
  }

  /** A remote path with the server it is on, as abandoned-uploads.ts tracks files being written. */
  private location(remote: string): string {
    return `sftp://${this.config.host}:${this.config.port}${remote}`;
  }

  private where(): string {
    return `sftp://${this.config.host}:${this.config.port}${path.posix.isAbsolute(this.root) ? '' : '/'}${this.root}`;
  }

  /**
   * Removes the temporary file of a failed upload. The connection may be what failed, so this goes over a live
   * one (reopened if it dropped), bounded so a server that is gone cannot hold the failure report.
   */
  private async discard(temp: string): Promise<void> {
    const timeout = () => new TransientError(`Removing ${temp} from ${this.where()} timed out`);
    await withDeadline(async () => (await this.client()).delete(temp, true), DISCARD_TIMEOUT_MS, { timeout }).catch(() => undefined);
  }

  /** The shared connection, opened on first use and again after it dropped. */
  private client(): Promise<SftpClient> {
    this.connection ??= this.connect().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async connect(): Promise<SftpClient> {
    const client = new SftpClient();
    // Only the live connection may reset the cache: a late event from an old one must not drop a newer one.
    const forget = (): void => {
      if (this.current !== client) return;
      this.current = undefined;
      this.connection = undefined;
    };
    try {
      await client.connect({
        host: this.config.host,
        port: this.config.port,
        username: this.config.username,
        password: this.config.password,
        privateKey: this.config.privateKey,
        passphrase: this.config.passphrase,
        hostVerifier: this.pin.verify,
        readyTimeout: 15_000,
        keepaliveInterval: 15_000,
      });
    } catch (error) {
      throw this.pin.mismatchError(error) ?? translateSftpError(error, `Connecting to ${this.where()}`);
    }
    this.current = client;
    client.on('end', forget);
    client.on('close', forget);
    client.on('error', (error: Error) => {
      this.logger.warn({ err: error.message }, 'SFTP connection error');
      forget();
    });
    return client;
  }
}

/**
 * ssh2 leaves a pending SFTP write or read unanswered forever when the connection drops; fail the stream
 * instead, so the upload rejects (and is cleaned up) rather than hangs.
 */
function watchDrop(client: SftpClient, stream: Readable | Writable, what: string): () => void {
  const ssh = (client as unknown as { client: EventEmitter }).client;
  const onDrop = (): void => void stream.destroy(new TransientError(`${what}: the SFTP connection dropped`));
  ssh.once('close', onDrop);
  ssh.once('end', onDrop);
  return () => {
    ssh.off('close', onDrop);
    ssh.off('end', onDrop);
  };
}
