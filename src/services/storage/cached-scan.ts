import type { Destination, ObjectInfo } from '../../adapters/destinations/types.js';
import type { CachedSidecar, SidecarCacheRepo } from '../../db/repositories/storage/sidecar-cache.repo.js';
import { artifactKeyOf, isSidecarKey, isSystemKey } from '../../domain/layout.js';
import { readSmall } from '../../lib/streams.js';
import { scanDestination, type Catalog } from '../../pipeline/catalog.js';
import { parseSidecar, type Sidecar } from '../../pipeline/sidecar.js';
import { readSidecarBatches } from './read-sidecars.js';

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

type Outcome = { sidecar: Sidecar } | { error: unknown };

/**
 * Scans a destination (storage is always listed: it is the truth) and serves sidecars from the app
 * database while storage reports the same size, etag and mtime. Rows for keys storage no longer lists
 * are dropped, so the cache never outlives what it describes. The sidecars the cache cannot serve are
 * read in batches (see read-sidecars.ts) before pairing, not one get() each: 10k of them cost seconds so.
 */
export async function cachedScan(destination: Destination, cache: SidecarCacheRepo, options: CachedScanOptions): Promise<Catalog & { stats: CachedScanStats }> {
  const prefix = options.prefix ?? '';
  const [cached, objects] = await Promise.all([cache.all(options.destinationId), listAll(destination, prefix)]);
  const fresh: CachedSidecar[] = [];
  const served = (item: ObjectInfo): CachedSidecar | undefined => {
    const row = cached.get(item.key);
    return row && !options.refresh && matches(row, item) ? row : undefined;
  };

  const outcomes = new Map<string, Outcome>();
  const toRead = pairedSidecars(objects).filter((item) => !served(item));
  const info = new Map(toRead.map((item) => [item.key, item]));
  for await (const batch of readSidecarBatches(destination, toRead.map((item) => item.key))) {
    for (const read of batch) {
      if ('error' in read) {
        outcomes.set(read.key, { error: read.error });
        continue;
      }
      try {
        const sidecar = parseSidecar(read.text, read.key);
        outcomes.set(read.key, { sidecar });
        const row = toRow(info.get(read.key)!, sidecar);
        if (!unchanged(cached.get(read.key), row)) fresh.push(row);
      } catch (error) {
        outcomes.set(read.key, { error });
      }
    }
  }

  const listed = new Set<string>();
  let cacheHits = 0;
  const readSidecar = async (item: ObjectInfo): Promise<Sidecar> => {
    listed.add(item.key);
    const outcome = outcomes.get(item.key);
    if (outcome && 'error' in outcome) throw outcome.error;
    if (outcome) return outcome.sidecar;
    const row = served(item);
    if (row) {
      cacheHits += 1;
      return JSON.parse(row.sidecar) as Sidecar;
    }
    // Only if the catalog pairs sidecars differently from pairedSidecars(): still correct, one read.
    const sidecar = parseSidecar((await readSmall(await destination.get(item.key))).toString('utf8'), item.key);
    fresh.push(toRow(item, sidecar));
    return sidecar;
  };

  // Sidecars without their artifact never reach readSidecar, so their rows go too (re-read if it comes back).
  const catalog = await scanDestination(relisted(destination, objects), prefix, readSidecar);
  const stale = [...cached.keys()].filter((key) => key.startsWith(prefix) && !listed.has(key));
  await cache.remove(options.destinationId, stale);
  await cache.save(options.destinationId, fresh, options.now.toISOString());
  return { ...catalog, stats: { sidecars: listed.size, cacheHits, dropped: stale.length } };
}

async function listAll(destination: Destination, prefix: string): Promise<ObjectInfo[]> {
  const objects: ObjectInfo[] = [];
  for await (const item of destination.list(prefix)) objects.push(item);
  return objects;
}

/** The sidecars scanDestination reads: beside their artifact, outside Lifeboat's own files. */
function pairedSidecars(objects: readonly ObjectInfo[]): ObjectInfo[] {
  const keys = new Set(objects.map((item) => item.key));
  return objects.filter((item) => isSidecarKey(item.key) && !isSystemKey(item.key) && keys.has(artifactKeyOf(item.key)));
}

/** The destination as scanDestination sees it: the listing made above, not a second one. */
function relisted(destination: Destination, objects: readonly ObjectInfo[]): Destination {
  return Object.assign(Object.create(destination) as Destination, {
    list: async function* () {
      yield* objects;
    },
  });
}

function toRow(item: ObjectInfo, sidecar: Sidecar): CachedSidecar {
  return { sidecarKey: item.key, size: item.size, etag: item.etag ?? null, modifiedAt: item.modifiedAt.toISOString(), sidecar: JSON.stringify(sidecar) };
}

function matches(row: CachedSidecar, item: ObjectInfo): boolean {
  return row.size === item.size && row.etag === (item.etag ?? null) && row.modifiedAt === item.modifiedAt.toISOString();
}

/** A refresh that read what the cache already holds rewrites nothing. */
function unchanged(row: CachedSidecar | undefined, fresh: CachedSidecar): boolean {
  return row !== undefined && row.size === fresh.size && row.etag === fresh.etag && row.modifiedAt === fresh.modifiedAt && row.sidecar === fresh.sidecar;
}
