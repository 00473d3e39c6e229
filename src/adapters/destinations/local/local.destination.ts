import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NotFoundError, TransientError } from '../../../lib/errors.js';
import { assertValidKey, assertValidPrefix, isTemporaryKey, parentOf, temporaryKey } from '../keys.js';
import { markWriting, sweepAbandonedUploads } from '../shared/abandoned-uploads.js';
import { cancelledOr, randomSuffix, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, FileUpload, ManyRead, ObjectInfo } from '../types.js';
import { DurableFileWriter } from './durable-file.js';
import { SyncBehind } from './sync-behind.js';
import { translateFsError } from './local.errors.js';
import { readFiles, walkFiles } from './fs-worker.js';

/**
 * A folder on a mounted file system. put() writes `<key>.partial-<random>` beside the target, fsyncs and
 * renames, so a crash or abort never leaves a partial file under the final name. A temporary file left by a
 * killed process is removed by a later successful upload to the same folder (see abandoned-uploads.ts).
 */
export class LocalDestination implements Destination {
  readonly capabilities: DestinationCapabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 8 };

  constructor(private readonly root: string) {}

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    const target = await this.prepare(key, signal);
    const temp = temporaryKeyPath(target);
    const written = markWriting(temp);
    try {
      // Synced before the stream finishes, so the rename below never publishes data still in the page cache.
      await pipeline(body, new DurableFileWriter(temp), { signal });
      await publishFile(temp, target);
    } catch (error) {
      body.destroy();
      await rm(temp, { force: true });
      throw translateFsError(cancelledOr(error, signal, `Upload of ${key}`), `Writing ${key} to ${this.root}`);
    } finally {
      written();
    }
    return this.afterPublish(key, target);
  }

  /** A partial file beside `key` for a tool to write into; commit() publishes it as put() would. */
  async createFile(key: string, signal?: AbortSignal): Promise<FileUpload> {
    const target = await this.prepare(key, signal);
    const temp = temporaryKeyPath(target);
    const handle = await open(temp, 'wx+', 0o600).catch((e: unknown) => {
      throw translateFsError(e, `Writing ${key} to ${this.root}`);
    });
    const written = markWriting(temp);
    const syncBehind = new SyncBehind(handle);
    let size = 0;
    let ended: Promise<void> | undefined;
    /** Closes the file once, publishing it under `final` or removing it. */
    const end = (final: string | null) =>
      (ended ??= (async () => {
        try {
          await syncBehind.idle();
          if (final) await handle.sync();
          await handle.close();
          if (final) await publishFile(temp, final);
        } catch (error) {
          await handle.close().catch(() => undefined);
          await rm(temp, { force: true });
          throw translateFsError(error, `Writing ${key} to ${this.root}`);
        } finally {
          written();
        }
        if (!final) await rm(temp, { force: true });
      })());
    return {
      fd: handle.fd,
      grew: (bytes) => {
        syncBehind.wrote(bytes - size);
        size = bytes;
      },
      commit: async (finalKey = key) => {
        const final = this.resolve(finalKey);
        if (path.dirname(final) !== path.dirname(target)) {
          await end(null).catch(() => undefined);
          throw new Error(`${finalKey} is not in the folder of ${key}`);
        }
        await end(final);
        return this.afterPublish(finalKey, final);
      },
      abort: () => end(null).catch(() => undefined),
    };
  }

  /** Checks the key and creates its folder. */
  private async prepare(key: string, signal?: AbortSignal): Promise<string> {
    const target = this.resolve(key);
    throwIfAborted(signal, `Upload of ${key}`);
    await mkdir(path.dirname(target), { recursive: true }).catch((e: unknown) => {
      throw translateFsError(e, `Creating the folder for ${key} in ${this.root}`);
    });
    return target;
  }

  /** Removes what killed uploads left in the folder, then reports the published file. */
  private async afterPublish(key: string, target: string): Promise<ObjectInfo> {
    const folder = path.dirname(target);
    await sweepAbandonedUploads(() => temporaryFiles(folder), (name) => path.join(folder, name), (name) => rm(path.join(folder, name), { force: true }));
    return this.stat(key);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    const file = this.resolve(key);
    const { size } = await this.stat(key);
    // 1 MiB chunks for artifacts; a sidecar of a few KB gets a buffer its size, not 1 MiB each.
    const highWaterMark = Math.max(1, Math.min(1 << 20, size));
    return createReadStream(file, { start: range?.start, end: range?.end, signal, highWaterMark });
  }

  async stat(key: string): Promise<ObjectInfo> {
    const file = this.resolve(key);
    const info = await stat(file).catch((e: unknown) => {
      throw translateFsError(e, `Reading ${key} in ${this.root}`);
    });
    if (!info.isFile()) throw new NotFoundError(`Reading ${key} in ${this.root}: not a file`);
    return { key, size: info.size, modifiedAt: info.mtime };
  }

  /** Reads the whole batch on the file-system thread: no stream, no thread-pool round trip per file. */
  async readMany(keys: readonly string[], maxBytes: number): Promise<ManyRead[]> {
    const read = await readFiles(keys.map((key) => this.resolve(key)), maxBytes);
    return read.map((outcome, i) => {
      if ('bytes' in outcome) return outcome;
      const what = `Reading ${keys[i]} in ${this.root}`;
      const cause = Object.assign(new Error(outcome.message), { code: outcome.code });
      const error = outcome.code === 'ETOOBIG' ? new Error(`${what}: ${outcome.message}`) : translateFsError(cause, what);
      if (error instanceof TransientError) throw error;
      return { error: error instanceof Error ? error : cause };
    });
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    // Walk only the deepest folder the prefix names, then filter by the full prefix.
    const base = prefix.endsWith('/') ? prefix.slice(0, -1) : parentOf(prefix);
    yield* this.walk(base, prefix);
  }

  async delete(key: string): Promise<void> {
    await rm(this.resolve(key), { force: true }).catch((e: unknown) => {
      throw translateFsError(e, `Deleting ${key} in ${this.root}`);
    });
  }

  async test(): Promise<void> {
    await mkdir(this.root, { recursive: true }).catch((e: unknown) => {
      throw translateFsError(e, `Creating ${this.root}`);
    });
    const probe = path.join(this.root, `.lifeboat-probe-${randomSuffix()}`);
    const handle = await open(probe, 'wx', 0o600).catch((e: unknown) => {
      throw translateFsError(e, `Writing a test file in ${this.root}`);
    });
    await handle.close();
    await rm(probe, { force: true });
  }

  async close(): Promise<void> {}

  private async *walk(folder: string, prefix: string): AsyncGenerator<ObjectInfo> {
    const files = await walkFiles(this.root, folder, prefix).catch((e: NodeJS.ErrnoException & { folder?: string }) => {
      throw translateFsError(e, `Listing ${e.folder || '/'} in ${this.root}`);
    });
    for (const file of files) {
      const name = file.key.slice(file.key.lastIndexOf('/') + 1);
      if (!isTemporaryKey(file.key) && !name.startsWith('.lifeboat-probe-')) yield file;
    }
  }

  /** Validated key -> absolute path, with a final check that it stays inside the root. */
  private resolve(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.root, key);
    if (!file.startsWith(`${path.resolve(this.root)}${path.sep}`)) throw new Error(`Key ${key} escapes ${this.root}`);
    return file;
  }
}

/** Renames a synced temporary file to its key and makes the rename durable. */
async function publishFile(temp: string, target: string): Promise<void> {
  await rename(temp, target);
  await syncFolder(path.dirname(target));
}

function temporaryKeyPath(target: string): string {
  return path.join(path.dirname(target), temporaryKey(path.basename(target), randomSuffix()));
}

/** The temporary upload files of one folder, with their modification times. */
async function temporaryFiles(folder: string) {
  const entries = await readdir(folder, { withFileTypes: true });
  const temporary = entries.filter((entry) => entry.isFile() && isTemporaryKey(entry.name));
  return Promise.all(temporary.map(async (entry) => ({ name: entry.name, isFile: true, modifiedAt: (await stat(path.join(folder, entry.name)).catch(() => undefined))?.mtime })));
}

/** Makes the rename durable; some file systems refuse to fsync a folder, which is not worth failing for. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}
