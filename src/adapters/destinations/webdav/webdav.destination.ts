import type { Readable } from 'node:stream';
import { AuthType, createClient, type FileStat, type WebDAVClient } from 'webdav';
import { NotFoundError } from '../../../lib/errors.js';
import { assertValidKey, assertValidPrefix, isTemporaryKey, parentOf, temporaryKey } from '../keys.js';
import { markWriting, sweepAbandonedUploads } from '../shared/abandoned-uploads.js';
import { cancelledOr, randomSuffix, throwIfAborted } from '../shared/streams.js';
import type { ByteRange, Destination, DestinationCapabilities, ObjectInfo } from '../types.js';
import { translateWebdavError } from './webdav.errors.js';
import type { WebdavConfig } from './webdav.plugin.js';

/**
 * A WebDAV folder. put() streams a PUT (chunked, no length needed) to a temporary name, then MOVEs it over
 * the final one. Listing walks folder by folder (Depth: 1), since many servers refuse Depth: infinity. A temporary
 * file left by a killed process is removed by a later successful upload to the same folder (abandoned-uploads.ts).
 */
export class WebdavDestination implements Destination {
  readonly capabilities: DestinationCapabilities = { atomicRename: true, rangeReads: true, maxConcurrency: 4 };
  private readonly client: WebDAVClient;

  constructor(private readonly config: WebdavConfig) {
    // Basic auth stated up front: "auto" would answer a 401 by re-sending the body, which a stream cannot do.
    this.client = createClient(config.url, {
      authType: config.username ? AuthType.Password : AuthType.None,
      username: config.username,
      password: config.password,
    });
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo> {
    const target = path(key);
    throwIfAborted(signal, `Upload of ${key}`);
    const temp = `/${temporaryKey(key, randomSuffix())}`;
    const written = markWriting(this.config.url + temp);
    try {
      await this.ensureFolder(parentOf(key));
      await this.client.putFileContents(temp, body, { overwrite: true, contentLength: false, signal });
      throwIfAborted(signal, `Upload of ${key}`);
      await this.client.moveFile(temp, target, { overwrite: true });
    } catch (error) {
      body.destroy();
      await this.client.deleteFile(temp).catch(() => undefined);
      throw translateWebdavError(cancelledOr(error, signal, `Upload of ${key}`), `Writing ${key} to ${this.config.url}`);
    } finally {
      written();
    }
    const folder = parentOf(key) === '' ? '' : `/${parentOf(key)}`;
    await sweepAbandonedUploads(
      async () => ((await this.client.getDirectoryContents(folder || '/')) as FileStat[])
        .map((entry) => ({ name: entry.basename, isFile: entry.type === 'file', modifiedAt: new Date(entry.lastmod) })),
      (name) => `${this.config.url}${folder}/${name}`,
      (name) => this.client.deleteFile(`${folder}/${name}`),
    );
    return this.stat(key);
  }

  async get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable> {
    await this.stat(key);
    const stream = this.client.createReadStream(path(key), {
      range: range ? { start: range.start, end: range.end } : undefined,
      signal,
    });
    // On Node the client returns a stream.PassThrough; the wider type covers browsers.
    return stream as unknown as Readable;
  }

  async stat(key: string): Promise<ObjectInfo> {
    const info = (await this.client.stat(path(key)).catch((error: unknown) => {
      throw translateWebdavError(error, `Reading ${key} on ${this.config.url}`);
    })) as FileStat;
    if (info.type !== 'file') throw new NotFoundError(`Reading ${key} on ${this.config.url}: not a file`);
    return toInfo(key, info);
  }

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    assertValidPrefix(prefix);
    yield* this.walk(prefix.endsWith('/') ? prefix.slice(0, -1) : parentOf(prefix), prefix);
  }

  async delete(key: string): Promise<void> {
    await this.client.deleteFile(path(key)).catch((error: unknown) => {
      const translated = translateWebdavError(error, `Deleting ${key} on ${this.config.url}`);
      if (!(translated instanceof NotFoundError)) throw translated;
    });
  }

  async test(): Promise<void> {
    await this.client.getDirectoryContents('/').catch((error: unknown) => {
      throw translateWebdavError(error, `Listing ${this.config.url}`);
    });
  }

  async close(): Promise<void> {}

  private async *walk(folder: string, prefix: string): AsyncGenerator<ObjectInfo> {
    const entries = (await this.client.getDirectoryContents(`/${folder}`).catch((error: unknown) => {
      const translated = translateWebdavError(error, `Listing ${folder || '/'} on ${this.config.url}`);
      if (translated instanceof NotFoundError) return [];
      throw translated;
    })) as FileStat[];
    for (const entry of entries) {
      const key = folder === '' ? entry.basename : `${folder}/${entry.basename}`;
      if (entry.type === 'directory') {
        if (prefix.startsWith(`${key}/`) || `${key}/`.startsWith(prefix)) yield* this.walk(key, prefix);
      } else if (key.startsWith(prefix) && !isTemporaryKey(key)) {
        yield toInfo(key, entry);
      }
    }
  }

  /** MKCOL each missing level; PUT into a missing folder fails with 409 on most servers. */
  private async ensureFolder(folder: string): Promise<void> {
    if (folder === '' || (await this.client.exists(`/${folder}`))) return;
    await this.client.createDirectory(`/${folder}`, { recursive: true });
  }
}

function path(key: string): string {
  return `/${assertValidKey(key)}`;
}

function toInfo(key: string, stat: FileStat): ObjectInfo {
  return { key, size: stat.size, modifiedAt: new Date(stat.lastmod), etag: stat.etag ?? undefined };
}
