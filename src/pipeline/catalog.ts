import type { Destination, ObjectInfo } from '../adapters/destinations/types.js';
import { mapConcurrent } from '../lib/concurrent-map.js';
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
  const paired: { item: ObjectInfo; artifact: ObjectInfo }[] = [];
  for (const [key, item] of objects) {
    if (isSidecarKey(key)) {
      const artifact = objects.get(artifactKeyOf(key));
      if (artifact) paired.push({ item, artifact });
      else catalog.problems.push({ key, error: 'Sidecar without its artifact' });
    } else if (!objects.has(sidecarKey(key))) {
      catalog.orphans.push({ key, stored: item });
    }
  }
  // Sidecars are small and many: read several at once, as many as the destination allows.
  const read = await mapConcurrent(paired, destination.capabilities.maxConcurrency, ({ item }) =>
    readSidecar(item).then((sidecar) => ({ sidecar }), (error: unknown) => ({ error: firstLine(error) })),
  );
  for (const [i, { item, artifact }] of paired.entries()) {
    const outcome = read[i]!;
    if ('sidecar' in outcome) catalog.backups.push({ key: artifact.key, sidecarKey: item.key, sidecar: outcome.sidecar, stored: artifact });
    else catalog.problems.push({ key: item.key, error: outcome.error });
  }
  catalog.backups.sort((a, b) => b.sidecar.startedAt.localeCompare(a.sidecar.startedAt));
  return catalog;
}
