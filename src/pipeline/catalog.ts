import type { Destination, ObjectInfo } from '../adapters/destinations/types.js';
import { firstLine } from '../lib/errors.js';
import { readSmall } from '../lib/streams.js';
import { artifactKeyOf, isSidecarKey, isSystemKey, sidecarKey } from '../domain/layout.js';
import { parseSidecar, type Sidecar } from './sidecar.js';

export interface CatalogBackup {
  key: string;
  sidecarKey: string;
  sidecar: Sidecar;
  stored: ObjectInfo;
}

export interface CatalogOrphan {
  key: string;
  stored: ObjectInfo;
}

export interface CatalogProblem {
  key: string;
  error: string;
}

export interface Catalog {
  backups: CatalogBackup[];
  /** Artifacts without a sidecar: an interrupted upload, or a sidecar deleted by hand. Never valid backups. */
  orphans: CatalogOrphan[];
  /** Sidecars that cannot be read or whose artifact is missing. */
  problems: CatalogProblem[];
}

/**
 * Reads what a destination holds, from storage alone: backups are artifacts with a readable sidecar.
 * `readSidecar` lets a caller serve sidecars from a cache keyed by what storage reports (size, etag, mtime).
 */
export async function scanDestination(
  destination: Destination,
  prefix = '',
  readSidecar: (item: ObjectInfo) => Promise<Sidecar> = async (item) => parseSidecar((await readSmall(await destination.get(item.key))).toString('utf8'), item.key),
): Promise<Catalog> {
  const objects = new Map<string, ObjectInfo>();
  for await (const item of destination.list(prefix)) if (!isSystemKey(item.key)) objects.set(item.key, item);
  const catalog: Catalog = { backups: [], orphans: [], problems: [] };
  for (const [key, item] of objects) {
    if (isSidecarKey(key)) {
      const artifact = objects.get(artifactKeyOf(key));
      if (!artifact) {
        catalog.problems.push({ key, error: 'Sidecar without its artifact' });
        continue;
      }
      try {
        catalog.backups.push({ key: artifact.key, sidecarKey: key, sidecar: await readSidecar(item), stored: artifact });
      } catch (error) {
        catalog.problems.push({ key, error: firstLine(error) });
      }
    } else if (!objects.has(sidecarKey(key))) {
      catalog.orphans.push({ key, stored: item });
    }
  }
  catalog.backups.sort((a, b) => b.sidecar.startedAt.localeCompare(a.sidecar.startedAt));
  return catalog;
}
