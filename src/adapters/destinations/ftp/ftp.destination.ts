import type { Client } from 'basic-ftp';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { NotFoundError } from '../../../lib/errors.js';
import { assertValidKey, assertValidPrefix, isTemporaryKey, parentOf, temporaryKey } from '../keys.js';
import { markWriting, sweepAbandonedUploads } from '../shared/abandoned-uploads.js';
import { cancelledOr, joinPath, randomSuffix, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, ObjectInfo } from '../types.js';
import { FtpPool } from './ftp-pool.js';
import { translateFtpError } from './ftp.errors.js';
import type { FtpConfig } from './ftp.plugin.js';

const POOL_SIZE = 2;

/**
 * A folder on an FTP or FTPS server (passive mode). Each operation borrows one connection from a pool of
 * two; put() uploads to a temporary name and renames; aborting closes the connection, which stops the
 * transfer, and a fresh connection removes the temporary file. A temporary file left by a killed process is
 * removed by a later successful upload to the same folder (see abandoned-uploads.ts).
 */
export class FtpDestination implements Destination {
  readonly capabilities: DestinationCapabilities = { atomicRename: true, rangeReads: true, maxConcurrency: POOL_SIZE };
  private readonly pool: FtpPool;
  private readonly root: string;

  constructor(private readonly config: FtpConfig) {
    this.pool = new FtpPool(config, POOL_SIZE);
    this.root = config.path.replace(/\/+$/, '') || '/';
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    const target = this.remote(key);
    throwIfAborted(signal, `Upload of ${key}`);
    const temp = joinPath(this.root, temporaryKey(key, randomSuffix()));
    const written = markWriting(this.location(temp));
    try {
      await this.pool.use(async (client) => {
        const onAbort = (): void => client.close();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          await client.ensureDir(joinPath(this.root, parentOf(key)));
          await client.uploadFrom(body, temp);
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
        throwIfAborted(signal, `Upload of ${key}`);
        await replace(client, temp, target);
        written();
        await this.sweepAbandoned(client, joinPath(this.root, parentOf(key)));
      });
    } catch (error) {
      body.destroy();
      await this.pool.use((client) => client.remove(temp, true)).catch(() => undefined);
      throw translateFtpError(cancelledOr(error, signal, `Upload of ${key}`), `Writing ${key} to ${this.where()}`);
    } finally {
      written();
    }
    return this.stat(key);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    const file = this.remote(key);
    await this.stat(key);
    const { client, release } = await this.pool.acquire();
    const out = new PassThrough();
    let finished = false;
    let satisfied = false;
    const stop = (): void => client.close();
    const sink = range?.end === undefined ? out : limit(out, range.end - range.start + 1, () => ((satisfied = true), stop()));
    signal?.addEventListener('abort', stop, { once: true });
    // A reader that gives up early must not leave the transfer (and the pooled connection) hanging.
    out.once('close', () => finished || stop());
    client
      .downloadTo(sink, file, range?.start ?? 0)
      .catch((error: unknown) => {
        // Cutting the connection once the range was served is the normal end of a ranged read.
        if (!satisfied) out.destroy(translateFtpError(cancelledOr(error, signal, `Download of ${key}`), `Reading ${key}`) as Error);
      })
      .finally(() => {
        finished = true;
        signal?.removeEventListener('abort', stop);
        release();
      });
    return out;
  }

  async stat(key: string): Promise<ObjectInfo> {
    const file = this.remote(key);
    return this.pool
      .use(async (client) => ({ key, size: await client.size(file), modifiedAt: await client.lastMod(file) }))
      .catch((error: unknown) => {
        throw translateFtpError(error, `Reading ${key} on ${this.where()}`);
      });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    // Collected per call: a pooled connection must not stay borrowed while the caller iterates.
    const found = await this.pool.use((client) => this.walk(client, prefix.endsWith('/') ? prefix.slice(0, -1) : parentOf(prefix), prefix));
    yield* found;
  }

  async delete(key: string): Promise<void> {
    const file = this.remote(key);
    await this.pool.use((client) => client.remove(file, true)).catch((error: unknown) => {
      throw translateFtpError(error, `Deleting ${key} on ${this.where()}`);
    });
  }

  async test(): Promise<void> {
    await this.pool.use(async (client) => {
      await client.ensureDir(this.root);
      await client.list(this.root);
    }).catch((error: unknown) => {
      throw translateFtpError(error, `Listing ${this.where()}`);
    });
  }

  async close(): Promise<void> {
    this.pool.close();
  }

  private async walk(client: Client, folder: string, prefix: string): Promise<ObjectInfo[]> {
    const dir = joinPath(this.root, folder);
    const entries = await client.list(dir).catch((error: unknown) => {
      const translated = translateFtpError(error, `Listing ${folder || '/'} on ${this.where()}`);
      if (translated instanceof NotFoundError) return [];
      throw translated;
    });
    const out: ObjectInfo[] = [];
    for (const entry of entries) {
      const key = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory) {
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) out.push(...(await this.walk(client, key, prefix)));
      } else if (entry.isFile && key.startsWith(prefix) && !isTemporaryKey(key)) {
        // LIST output has no reliable year/time zone; MDTM gives the exact modification time.
        const modifiedAt = entry.modifiedAt ?? (await client.lastMod(joinPath(dir, entry.name)).catch(() => new Date(0)));
        out.push({ key, size: entry.size, modifiedAt });
      }
    }
    return out;
  }

  private remote(key: string): string {
    return joinPath(this.root, assertValidKey(key));
  }

  /** Removes abandoned uploads from `dir`; LIST gives no reliable time, so MDTM dates the temporary files. */
  private async sweepAbandoned(client: Client, dir: string): Promise<void> {
    await sweepAbandonedUploads(
      async () => {
        const entries = (await client.list(dir)).filter((entry) => entry.isFile && isTemporaryKey(entry.name));
        const dated = [];
        for (const entry of entries) dated.push({ name: entry.name, isFile: true, modifiedAt: entry.modifiedAt ?? (await client.lastMod(joinPath(dir, entry.name)).catch(() => undefined)) });
        return dated;
      },
      (name) => this.location(joinPath(dir, name)),
      (name) => client.remove(joinPath(dir, name), true),
    );
  }

  /** A remote path with the server it is on, as abandoned-uploads.ts tracks files being written. */
  private location(remote: string): string {
    return `ftp://${this.config.host}:${this.config.port ?? ''}${remote}`;
  }

  private where(): string {
    return `${this.config.secure ? 'ftps' : 'ftp'}://${this.config.host}${this.root.startsWith('/') ? '' : '/'}${this.root}`;
  }
}

/** RNFR/RNTO overwrites on most servers; where it refuses an existing target, remove it first. */
async function replace(client: Client, temp: string, target: string): Promise<void> {
  try {
    await client.rename(temp, target);
  } catch {
    await client.remove(target, true);
    await client.rename(temp, target);
  }
}

/** Passes `bytes` bytes to `out`, ends it, then calls `stop` to cut the rest of the transfer. */
function limit(out: PassThrough, bytes: number, stop: () => void): Transform {
  let left = bytes;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (left <= 0) return callback();
      const part = chunk.subarray(0, left);
      left -= part.length;
      callback(null, part);
      if (left <= 0) {
        limiter.end();
        stop();
      }
    },
  });
  limiter.pipe(out);
  return limiter;
}
