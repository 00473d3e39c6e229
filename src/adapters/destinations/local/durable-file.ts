import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** Written bytes after which the disk is asked to catch up, in the background. */
const SYNC_BEHIND_BYTES = 8 * 1024 * 1024;

/**
 * A new file (`wx`, 0600) that is on disk when the stream finishes: the final fsync runs before 'finish'.
 * While bytes arrive, every 8 MiB written is handed to the disk in the background (fdatasync, one at a
 * time), so the final fsync waits for the last few megabytes rather than the whole artifact: without it a
 * 1 GB dump ends with the disk writing everything the page cache held, after the dump itself is done.
 */
export class DurableFileWriter extends Writable {
  private handle: FileHandle | undefined;
  private unsynced = 0;
  private syncing: Promise<void> | undefined;

  constructor(private readonly file: string) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.file, 'wx', 0o600).then((handle) => {
      this.handle = handle;
      callback();
    }, callback);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.writeAll([chunk]).then(() => callback(), callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    Promise.resolve(this.syncing)
      .then(() => this.handle!.sync())
      .then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    Promise.resolve(this.syncing)
      .then(() => handle?.close())
      .then(() => callback(error), (closeError: Error) => callback(error ?? closeError));
  }

  /** A short write (a full disk reports itself on the retry) continues where it stopped. */
  private async writeAll(buffers: Buffer[]): Promise<void> {
    let remaining = buffers;
    while (remaining.length > 0) {
      const { bytesWritten } = await this.handle!.writev(remaining);
      if (bytesWritten === 0) throw Object.assign(new Error(`No space left writing ${this.file}`), { code: 'ENOSPC' });
      this.syncBehind(bytesWritten);
      remaining = skipBytes(remaining, bytesWritten);
    }
  }

  private syncBehind(written: number): void {
    this.unsynced += written;
    if (this.unsynced < SYNC_BEHIND_BYTES || this.syncing) return;
    this.unsynced = 0;
    // Only an early start: the final fsync reports any failure, so this one's result is not needed.
    this.syncing = this.handle!.datasync().then(
      () => { this.syncing = undefined; },
      () => { this.syncing = undefined; },
    );
  }
}

function skipBytes(buffers: Buffer[], count: number): Buffer[] {
  let skip = count;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) {
      skip -= buffer.length;
      continue;
    }
    rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
    skip = 0;
  }
  return rest;
}
