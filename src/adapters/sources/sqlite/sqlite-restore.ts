import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CancelledError, ConflictError, ValidationError } from '../../../lib/errors.js';
import { withDatabase } from './sqlite-open.js';

async function isNonEmptyFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return Boolean(info && info.size > 0);
}

async function fsync(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a snapshot to `target`: into a temporary name in the same directory (so the final rename is atomic),
 * flushed, checked with `PRAGMA integrity_check`, then renamed. The target is never left half-written.
 */
export async function restoreToFile(stream: Readable, target: string, clean: boolean, signal: AbortSignal): Promise<void> {
  if (!path.isAbsolute(target)) throw new ValidationError(`The SQLite restore target must be an absolute file path (got '${target}')`);
  if (!clean && (await isNonEmptyFile(target))) {
    throw new ConflictError(`${target} already exists and is not empty: choose a new file, or ask to replace it`);
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.lifeboat-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await pipeline(stream, createWriteStream(temp, { flags: 'wx' }), { signal });
    await fsync(temp);
    const result = withDatabase(temp, { readonly: false }, (db) => db.pragma('integrity_check', { simple: true }));
    if (result !== 'ok') throw new ValidationError(`The restored SQLite database failed its integrity check: ${String(result)}`);
    // Stale companions of a replaced database would be applied to the new file: remove them first.
    if (clean) await Promise.all(['-wal', '-shm', '-journal'].map((suffix) => rm(`${target}${suffix}`, { force: true })));
    await rename(temp, target);
  } catch (error) {
    if (signal.aborted) throw new CancelledError('SQLite restore cancelled', { cause: error });
    throw error;
  } finally {
    await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${temp}${suffix}`, { force: true })));
  }
}
