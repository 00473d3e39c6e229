import type { Destination } from '../../adapters/destinations/types.js';
import { artifactKeyOf, isSidecarKey, sidecarKey } from '../../domain/layout.js';
import { NotFoundError } from '../../lib/errors.js';
import { readSmall } from '../../lib/streams.js';
import { parseSidecar, type Sidecar } from '../../pipeline/sidecar.js';

export interface StoredBackup {
  key: string;
  sidecarKey: string;
  sidecar: Sidecar;
}

/** Reads a backup's sidecar from storage alone; `key` may name the artifact or its sidecar. */
export async function readBackup(destination: Destination, key: string, signal?: AbortSignal): Promise<StoredBackup> {
  const metaKey = isSidecarKey(key) ? key : sidecarKey(key);
  let stream;
  try {
    stream = await destination.get(metaKey, undefined, signal);
  } catch (error) {
    if (error instanceof NotFoundError) throw new NotFoundError(`No backup at ${key}: its sidecar ${metaKey} is missing (an orphan or a wrong key)`, { cause: error });
    throw error;
  }
  const sidecar = parseSidecar((await readSmall(stream)).toString('utf8'), metaKey);
  return { key: artifactKeyOf(metaKey), sidecarKey: metaKey, sidecar };
}
