import type { Readable } from 'node:stream';
import type { Logger } from '../../lib/logger.js';
import type { PluginDescriptor } from '../plugin.js';

/** What a destination can do, as data: wrappers and the pipeline adapt to it. */
export interface DestinationCapabilities {
  /** put() writes to a temporary name and renames, so readers never see a partial object. */
  atomicRename: boolean;
  /** get() honours a byte range. */
  rangeReads: boolean;
  /** Most operations worth running at once against this destination. */
  maxConcurrency: number;
  /** Object Lock / immutability on upload. */
  objectLock?: boolean;
}

export interface ObjectInfo {
  /** Key relative to the destination's root, '/'-separated. */
  key: string;
  size: number;
  modifiedAt: Date;
  /** Server-side version tag where the protocol has one (S3 ETag); used for cache validation. */
  etag?: string;
}

export interface ByteRange {
  start: number;
  /** Inclusive; omitted = to the end. */
  end?: number;
}

/** One object of a readMany() batch: its whole content, or why it could not be read (NotFoundError when gone). */
export type ManyRead = { bytes: Buffer } | { error: Error };

/**
 * A new file that a tool writes through its descriptor (createFile), so its bytes never pass through Lifeboat.
 * Published whole by commit() or removed by abort(), like put(); until then nothing is visible under the key.
 */
export interface FileUpload {
  /** Open for reading and writing at offset 0: a child process's stdout, and read back with pread. */
  readonly fd: number;
  /** How far the file has grown: lets the destination hand written data to the disk while it grows. */
  grew(bytes: number): void;
  /**
   * Makes the file durable and visible under `key` (by default the key it was created for; another key must be
   * in the same folder, for a name decided once the file is written); resolves with what was stored.
   */
  commit(key?: string): Promise<ObjectInfo>;
  /** Removes the partial file. Safe to call more than once, and after a failed commit. */
  abort(): Promise<void>;
}

/** What a successful test() learned that the caller may store, e.g. the SSH host key to pin from now on. */
export interface DestinationTestResult {
  /** OpenSSH-style "SHA256:<base64>" fingerprint of the server's host key (SFTP). */
  hostKeyFingerprint?: string;
}

/**
 * A place that stores backups. Keys are opaque, validated '/'-separated paths (see keys.ts); adapters
 * never invent names. Every method may be retried by the retry wrapper when it throws TransientError.
 */
export interface Destination {
  readonly capabilities: DestinationCapabilities;
  /**
   * Stores the whole stream under `key`, replacing any object there. The object becomes visible only when
   * complete; on failure or abort (signal) nothing partial stays visible. Resolves with what was stored.
   */
  put(key: string, body: Readable, signal?: AbortSignal): Promise<ObjectInfo>;
  /**
   * Optional (a folder on this machine): a partial file for `key` that a tool writes directly (see FileUpload).
   * Like put() it is not retried: a failed upload fails the backup cleanly.
   */
  createFile?(key: string, signal?: AbortSignal): Promise<FileUpload>;
  /** Streams an object (or a byte range of it). Throws NotFoundError when absent. */
  get(key: string, range?: ByteRange, signal?: AbortSignal): Promise<Readable>;
  /** Throws NotFoundError when absent. */
  stat(key: string): Promise<ObjectInfo>;
  /**
   * Optional: many small objects (sidecars) read whole in one call, in the order of `keys`, each at most
   * `maxBytes`. An object that cannot be read fails alone; a TransientError fails the batch (retried whole).
   * Where absent, callers read each object with get().
   */
  readMany?(keys: readonly string[], maxBytes: number): Promise<ManyRead[]>;
  /** Every object whose key starts with `prefix` ('' = all), recursively, in no particular order. */
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Idempotent: deleting an absent key succeeds. */
  delete(key: string): Promise<void>;
  /**
   * Checks reachability and permissions (used by "test connection"); throws a clear error otherwise.
   * May resolve with facts worth storing (DestinationTestResult).
   */
  test(): Promise<DestinationTestResult | void>;
  /** Releases connections. */
  close(): Promise<void>;
}

export interface DestinationDeps {
  logger: Logger;
}

export type DestinationPlugin<Config = Record<string, unknown>> = PluginDescriptor<Config, Destination, DestinationDeps>;
