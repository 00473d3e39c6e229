import type { Destination } from '../../adapters/destinations/types.js';
import type { Sidecar } from '../../pipeline/sidecar.js';
import { readBackup } from '../restore/artifact.js';

export interface BackupOpener {
  open(id: string): Promise<{ destination: Destination; view: { name: string } }>;
}

/**
 * The destination's name and the sidecars of `keys` on it, read from storage, for what a message says about a
 * restore or a verification. Best effort within `timeoutMs`: what cannot be read (the destination may be the
 * very thing that failed) is left out, and the name falls back to the id.
 */
export async function storedBackups(destinations: BackupOpener, destinationId: string, keys: string[], timeoutMs = 15_000): Promise<{ name: string; sidecars: Map<string, Sidecar> }> {
  const sidecars = new Map<string, Sidecar>();
  const opened = await destinations.open(destinationId).catch(() => undefined);
  if (!opened) return { name: destinationId, sidecars };
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (const key of keys) {
      const backup = await readBackup(opened.destination, key, signal).catch(() => undefined);
      if (backup) sidecars.set(key, backup.sidecar);
    }
  } finally {
    await opened.destination.close().catch(() => undefined);
  }
  return { name: opened.view.name, sidecars };
}
