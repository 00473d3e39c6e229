import path from 'node:path';
import { Readable } from 'node:stream';
import type { Destination } from '../adapters/destinations/types.js';
import { NotFoundError, firstLine } from '../lib/errors.js';
import { disambiguate, sidecarKey } from '../domain/layout.js';
import { serializeSidecar, type Sidecar } from './sidecar.js';
import type { FanOutResult } from './stages/fan-out.js';
import type { Measurement } from './stages/measure.js';

export interface DestinationOutcome {
  name: string;
  key: string;
  ok: boolean;
  error?: string;
}

/** First free artifact key on a destination: a second run in the same second must not overwrite the first. */
export async function freeKey(destination: Destination, key: string): Promise<string> {
  for (let attempt = 1; attempt < 100; attempt++) {
    const candidate = disambiguate(key, attempt);
    try {
      await destination.stat(candidate);
    } catch (error) {
      if (error instanceof NotFoundError) return candidate;
      throw error;
    }
  }
  throw new Error(`No free name for ${key}`);
}

/** Publishes every uploaded artifact on its own destination; one failing destination does not affect the others. */
export function publishAll(
  uploads: FanOutResult[],
  targets: { name: string; destination: Destination }[],
  measured: Measurement,
  sidecar: Sidecar,
  signal: AbortSignal,
): Promise<DestinationOutcome[]> {
  return Promise.all(
    uploads.map(async (upload): Promise<DestinationOutcome> => {
      if (!upload.ok) return { name: upload.name, key: upload.key, ok: false, error: firstLine(upload.error) };
      const destination = targets.find((t) => t.name === upload.name)!.destination;
      const named = { ...sidecar, artifact: { ...sidecar.artifact, name: path.posix.basename(upload.key) } };
      return publish(destination, upload.key, measured, named, signal).then(
        () => ({ name: upload.name, key: upload.key, ok: true }),
        (error: Error) => ({ name: upload.name, key: upload.key, ok: false, error: firstLine(error) }),
      );
    }),
  );
}

/**
 * The last step of rule 2: the stored artifact must have the measured size, then the sidecar is written.
 * An artifact that fails the check, or whose sidecar cannot be written, is removed rather than left as an orphan.
 */
export async function publish(
  destination: Destination,
  key: string,
  measured: Measurement,
  sidecar: Sidecar,
  signal: AbortSignal,
): Promise<void> {
  try {
    const stored = await destination.stat(key);
    if (stored.size !== measured.bytes) {
      throw new Error(`Stored size ${stored.size} differs from the ${measured.bytes} bytes written`);
    }
    await destination.put(sidecarKey(key), Readable.from([serializeSidecar(sidecar)]), signal);
  } catch (error) {
    await destination.delete(key).catch(() => undefined);
    throw error;
  }
}
