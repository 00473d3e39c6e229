import type { Destination, ObjectInfo } from '../../adapters/destinations/types.js';
import type { CachedSidecar, SidecarCacheRepo } from '../../db/repositories/storage/sidecar-cache.repo.js';
import { readSmall } from '../../lib/streams.js';
import { scanDestination, type Catalog } from '../../pipeline/catalog.js';
import { parseSidecar, type Sidecar } from '../../pipeline/sidecar.js';

export interface CachedScanOptions {
  destinationId: string;
  prefix?: string;
  /** Re-read every sidecar from storage, ignoring (and then replacing) the cache. */
  refresh?: boolean;
  now: Date;
}

export interface CachedScanStats {
  sidecars: number;
  /** Sidecars served from the cache; the rest were read from storage. */
  cacheHits: number;
  /** Cache rows dropped because storage no longer lists their key (or their artifact). */
  dropped: number;
}

/**
 * Scans a destination (storage is always listed: it is the truth) and serves sidecars from the app
 * database while storage reports the same size, etag and mtime. Rows for keys storage no longer lists
 * are dropped, so the cache never outlives what it describes.
 */
export async function cachedScan(destination: Destination, cache: SidecarCacheRepo, options: CachedScanOptions): Promise<Catalog & { stats: CachedScanStats }> {
  const prefix = options.prefix ?? '';
  const cached = await cache.all(options.destinationId);
  const fresh: CachedSidecar[] = [];
  const listed = new Set<string>();
  let cacheHits = 0;

  const readSidecar = async (item: ObjectInfo): Promise<Sidecar> => {
    listed.add(item.key);
    const row = cached.get(item.key);
    if (row && !options.refresh && matches(row, item)) {
      cacheHits += 1;
      return JSON.parse(row.sidecar) as Sidecar;
    }
    const sidecar = parseSidecar((await readSmall(await destination.get(item.key))).toString('utf8'), item.key);
    fresh.push({ sidecarKey: item.key, size: item.size, etag: item.etag ?? null, modifiedAt: item.modifiedAt.toISOString(), sidecar: JSON.stringify(sidecar) });
    return sidecar;
  };

  // Sidecars without their artifact never reach readSidecar, so their rows go too (re-read if it comes back).
  const catalog = await scanDestination(destination, prefix, readSidecar);
  const stale = [...cached.keys()].filter((key) => key.startsWith(prefix) && !listed.has(key));
  await cache.remove(options.destinationId, stale);
  await cache.save(options.destinationId, fresh, options.now.toISOString());
  return { ...catalog, stats: { sidecars: listed.size, cacheHits, dropped: stale.length } };
}

function matches(row: CachedSidecar, item: ObjectInfo): boolean {
  return row.size === item.size && row.etag === (item.etag ?? null) && row.modifiedAt === item.modifiedAt.toISOString();
}

