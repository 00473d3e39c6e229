import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CancelledError } from '../../../lib/errors.js';
import { openDatabase, translateSqliteError, withDatabase } from './sqlite-open.js';

export interface Snapshot {
  file: string;
  /** Removes the snapshot and its directory; safe to call twice. */
  dispose(): Promise<void>;
}

/** Copy every page in one step: one read transaction, so concurrent writers cannot force endless restarts. */
const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of a live database through SQLite's online backup API.
 *
 * Why a temporary file, against the "no full-size temporary file" rule: the backup API copies pages into
 * another database, not into a byte stream, and the copy is only a valid database once complete. Streaming the
 * live file itself would not be consistent (concurrent writes, WAL content not yet checkpointed). The copy is
 * written to a private directory under the OS temporary directory and removed as soon as it has been streamed.
 */
export async function takeSnapshot(source: string, signal: AbortSignal): Promise<Snapshot> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-sqlite-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, 'snapshot.db');
  try {
    const db = openDatabase(source, { readonly: true });
    try {
      await db.backup(file, {
        progress: () => {
          if (signal.aborted) throw new CancelledError('SQLite snapshot cancelled');
          return ALL_PAGES;
        },
      });
    } finally {
      db.close();
    }
    if (signal.aborted) throw new CancelledError('SQLite snapshot cancelled');
    // A WAL-mode copy would need its -wal/-shm companions; make it one self-contained file.
    withDatabase(file, { readonly: false }, (copy) => copy.pragma('journal_mode = DELETE'));
    return { file, dispose };
  } catch (error) {
    await dispose();
    throw error instanceof CancelledError ? error : translateSqliteError(error, source);
  }
}
