import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Destination } from '../../adapters/destinations/types.js';
import type { AppDatabase } from '../../db/schema.js';
import { BackupLocksRepo, type BackupLock } from '../../db/repositories/storage/backup-locks.repo.js';
import { SidecarCacheRepo } from '../../db/repositories/storage/sidecar-cache.repo.js';
import { isSidecarKey, sidecarKey } from '../../domain/layout.js';
import type { Clock } from '../../lib/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { CatalogProblem } from '../../pipeline/catalog.js';
import { backupView, orphanView, type BackupView, type OrphanView } from './backup-view.js';
import { facetCounts, filterBackups, storageTotals, type BackupFilter } from './backup-query.js';
import { cachedScan, type CachedScanStats } from './cached-scan.js';
import { deleteBackup } from './delete-backup.js';
import { downloadName } from './download-name.js';

/** The narrow part of DestinationsService the explorer needs. */
export interface DestinationOpener {
  open(id: string): Promise<{ destination: Destination; view: { id: string; name: string } }>;
  /** Throws NotFoundError for an unknown id. */
  get(id: string): Promise<{ id: string; name: string }>;
}

export interface ExplorerCatalog {
  backups: BackupView[];
  orphans: OrphanView[];
  problems: CatalogProblem[];
  stats: CachedScanStats & { millis: number };
}

export interface ScanOptions {
  refresh?: boolean;
  prefix?: string;
}

/**
 * The storage explorer: what a destination holds, read from its sidecars (never from execution
 * history), with locks from the app database. Also used by retention so both see the same backups.
 */
export class StorageExplorerService {
  readonly cache: SidecarCacheRepo;
  readonly locks: BackupLocksRepo;

  constructor(db: Kysely<AppDatabase>, private readonly destinations: DestinationOpener, private readonly clock: Clock) {
    this.cache = new SidecarCacheRepo(db);
    this.locks = new BackupLocksRepo(db);
  }

  async catalog(destinationId: string, options: ScanOptions = {}): Promise<ExplorerCatalog> {
    return this.withDestination(destinationId, (destination) => this.scan(destination, destinationId, options));
  }

  /** Scans an already open destination (the caller closes it). */
  async scan(destination: Destination, destinationId: string, options: ScanOptions = {}): Promise<ExplorerCatalog> {
    const started = performance.now();
    const scanned = await cachedScan(destination, this.cache, { destinationId, prefix: options.prefix, refresh: options.refresh, now: this.clock.now() });
    const locks = await this.locks.all(destinationId);
    return {
      backups: scanned.backups.map((b) => backupView(b, locks.get(b.key))),
      orphans: scanned.orphans.map((o) => orphanView(o, locks.get(o.key))),
      problems: scanned.problems,
      stats: { ...scanned.stats, millis: Math.round(performance.now() - started) },
    };
  }

  async list(destinationId: string, filter: BackupFilter, options: ScanOptions & { limit: number; offset: number }) {
    const catalog = await this.catalog(destinationId, options);
    const matching = filterBackups(catalog.backups, filter);
    return {
      items: matching.slice(options.offset, options.offset + options.limit),
      total: matching.length,
      facets: facetCounts(catalog.backups, filter),
      orphans: catalog.orphans,
      problems: catalog.problems,
      stats: catalog.stats,
    };
  }

  async totals(destinationId: string, options: ScanOptions = {}) {
    const catalog = await this.catalog(destinationId, options);
    return storageTotals(catalog.backups, catalog.orphans);
  }

  /** Streams an artifact (or its sidecar); the destination closes when the stream ends or fails. */
  async download(destinationId: string, key: string, options: { sidecar?: boolean; signal?: AbortSignal } = {}) {
    const target = options.sidecar ? sidecarKey(this.artifactKey(key)) : this.artifactKey(key);
    const { destination } = await this.destinations.open(destinationId);
    try {
      const info = await destination.stat(target);
      const stream: Readable = await destination.get(target, undefined, options.signal);
      stream.once('close', () => void destination.close().catch(() => undefined));
      const filename = downloadName(target);
      return { stream, size: info.size, filename, contentType: options.sidecar ? 'application/json' : 'application/octet-stream' };
    } catch (error) {
      await destination.close().catch(() => undefined);
      throw error;
    }
  }

  /** Deletes a backup (sidecar first) or an orphan; a locked one is refused. */
  async delete(destinationId: string, key: string): Promise<{ deleted: string[] }> {
    const artifact = this.artifactKey(key);
    await this.assertUnlocked(destinationId, artifact);
    return this.withDestination(destinationId, async (destination) => {
      const present = await Promise.all([artifact, sidecarKey(artifact)].map((k) => destination.stat(k).then(() => k, notFoundAs(null))));
      const deleted = present.filter((k): k is string => k !== null);
      if (deleted.length === 0) throw new NotFoundError(`No backup ${artifact} on this destination`);
      await deleteBackup(destination, artifact);
      await this.cache.remove(destinationId, [sidecarKey(artifact)]);
      return { deleted: deleted.sort((a, b) => Number(isSidecarKey(b)) - Number(isSidecarKey(a))) };
    });
  }

  async lock(destinationId: string, key: string, by: string | null, note: string | null = null): Promise<BackupLock> {
    const artifact = this.artifactKey(key);
    await this.withDestination(destinationId, (destination) =>
      destination.stat(artifact).catch(notFoundAs(undefined, () => new NotFoundError(`No backup ${artifact} on this destination`))),
    );
    await this.locks.lock(destinationId, { artifactKey: artifact, lockedAt: this.clock.now().toISOString(), lockedBy: by, note });
    return (await this.locks.find(destinationId, artifact))!;
  }

  /** Idempotent; also works for a backup that no longer exists (to clear a stale lock). */
  async unlock(destinationId: string, key: string): Promise<void> {
    await this.destinations.get(destinationId);
    await this.locks.unlock(destinationId, this.artifactKey(key));
  }

  async assertUnlocked(destinationId: string, artifactKey: string): Promise<void> {
    const lock = await this.locks.find(destinationId, artifactKey);
    if (lock) {
      throw new ConflictError(`Backup ${artifactKey} is locked${lock.lockedBy ? ` by ${lock.lockedBy}` : ''} since ${lock.lockedAt}: unlock it before deleting it`);
    }
  }

  private artifactKey(key: string): string {
    if (isSidecarKey(key)) throw new ValidationError(`${key} is a sidecar: name the backup by its artifact key (without .meta.json)`);
    return key;
  }

  private async withDestination<T>(destinationId: string, work: (destination: Destination) => Promise<T>): Promise<T> {
    const { destination } = await this.destinations.open(destinationId);
    try {
      return await work(destination);
    } finally {
      await destination.close().catch(() => undefined);
    }
  }
}

function notFoundAs<T>(value: T, replace?: () => Error) {
  return (error: unknown): T => {
    if (!(error instanceof NotFoundError)) throw error;
    if (replace) throw replace();
    return value;
  };
}
