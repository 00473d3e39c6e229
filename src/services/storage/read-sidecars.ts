import type { Destination } from '../../adapters/destinations/types.js';
import { mapConcurrent } from '../../lib/concurrent-map.js';
import { readSmall } from '../../lib/streams.js';

export type SidecarText = { key: string; text: string } | { key: string; error: unknown };

/** Sidecars are a few KB; anything near this is not one. Same bound as a single readSmall(). */
const MAX_SIDECAR_BYTES = 1024 * 1024;
/** Keys per batch: small enough that a batch of text in memory stays small, big enough to amortise a call. */
const BATCH = 500;

/**
 * The text of each sidecar, batch after batch in key order, with the next batch read while the caller parses
 * this one. A destination with readMany() answers a batch in one call; others get() each key, as many at once
 * as they allow. A sidecar that cannot be read is reported with its error, never fails the rest.
 */
export async function* readSidecarBatches(destination: Destination, keys: readonly string[], batchSize = BATCH): AsyncGenerator<SidecarText[]> {
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += batchSize) batches.push(keys.slice(i, i + batchSize));
  let next = batches.length > 0 ? readBatch(destination, batches[0]!) : undefined;
  for (let b = 0; b < batches.length; b++) {
    const batch = await next!;
    next = b + 1 < batches.length ? readBatch(destination, batches[b + 1]!) : undefined;
    next?.catch(() => undefined); // awaited on the next turn; this keeps a caller that stops early from leaving it unhandled
    yield batch;
  }
}

async function readBatch(destination: Destination, keys: string[]): Promise<SidecarText[]> {
  if (destination.readMany) {
    const read = await destination.readMany(keys, MAX_SIDECAR_BYTES);
    return read.map((outcome, i) => ('bytes' in outcome ? { key: keys[i]!, text: outcome.bytes.toString('utf8') } : { key: keys[i]!, error: outcome.error }));
  }
  return mapConcurrent(keys, destination.capabilities.maxConcurrency, async (key): Promise<SidecarText> => {
    try {
      return { key, text: (await readSmall(await destination.get(key), MAX_SIDECAR_BYTES)).toString('utf8') };
    } catch (error) {
      return { key, error };
    }
  });
}
