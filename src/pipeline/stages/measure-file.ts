import { createHash } from 'node:crypto';
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { CancelledError } from '../../lib/errors.js';
import type { Measurement } from './measure.js';

const readAt = promisify(read);
const CHUNK_BYTES = 1024 * 1024;
/** How long to wait for a tool to write more before reading again. */
const POLL_MS = 20;

/**
 * Counts and hashes a file while a tool writes it (a destination's createFile): the bytes are read back from the
 * page cache with pread into one buffer, so the stored file itself is what gets measured. Once the writer has
 * finished, the rest is read to the end. Rejects with the writer's error, or when aborted.
 */
export function measureGrowingFile(
  fd: number,
  writer: Promise<void>,
  signal: AbortSignal,
  onGrowth: (bytes: number) => void,
): { result: Promise<Measurement>; measured: () => number } {
  const writing: { state: 'running' | 'done' | { error: unknown } } = { state: 'running' };
  writer.then(() => { writing.state = 'done'; }, (error: unknown) => { writing.state = { error }; });
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  let position = 0;

  const result = (async (): Promise<Measurement> => {
    for (;;) {
      if (signal.aborted) throw new CancelledError('Backup cancelled');
      const { state } = writing;
      if (typeof state === 'object') throw state.error;
      // Whether the writer was done before this read: an empty read then proves the end.
      const writerDone = state === 'done';
      const { bytesRead } = await readAt(fd, buffer, 0, CHUNK_BYTES, position);
      if (bytesRead > 0) {
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
        onGrowth(position);
        continue;
      }
      if (writerDone) return { bytes: position, sha256: hash.digest('hex') };
      await Promise.race([writer.catch(() => undefined), pause(POLL_MS)]);
    }
  })();
  result.catch(() => undefined); // the caller awaits it; never an unhandled rejection when it fails first
  return { result, measured: () => position };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
