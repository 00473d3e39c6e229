import type { Destination } from '../../adapters/destinations/types.js';
import { sidecarKey } from '../../domain/layout.js';

/**
 * Deletes a backup: the sidecar FIRST, then the artifact. Interrupted in between, what is left is an
 * artifact without a sidecar, which every reader shows as an orphan, never as a valid backup.
 */
export async function deleteBackup(destination: Destination, artifactKey: string): Promise<void> {
  await destination.delete(sidecarKey(artifactKey));
  await destination.delete(artifactKey);
}
