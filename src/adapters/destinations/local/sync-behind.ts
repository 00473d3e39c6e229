import type { FileHandle } from 'node:fs/promises';

/** Written bytes after which the disk is asked to catch up, in the background. */
const SYNC_BEHIND_BYTES = 8 * 1024 * 1024;

/**
 * Hands a growing file's data to the disk while it is written: every 8 MiB, one fdatasync in the background
 * (never two at once), so the final fsync waits for the last few megabytes rather than the whole artifact.
 * Without it a 1 GB dump ends with the disk writing everything the page cache held, after the dump is done.
 * Only an early start: the final fsync reports any failure, so these results are not needed.
 */
export class SyncBehind {
  private unsynced = 0;
  private syncing: Promise<void> | undefined;

  constructor(private readonly handle: FileHandle) {}

  wrote(bytes: number): void {
    this.unsynced += bytes;
    if (this.unsynced < SYNC_BEHIND_BYTES || this.syncing) return;
    this.unsynced = 0;
    this.syncing = this.handle.datasync().then(
      () => { this.syncing = undefined; },
      () => { this.syncing = undefined; },
    );
  }

  /** Resolves when no background sync is running (call before the final fsync or close). */
  async idle(): Promise<void> {
    await this.syncing;
  }
}
