import type { BackupView } from './backup-view.js';

/** Filters of the explorer; every list is "any of", empty = no filter. Dates compare with the backup's start. */
export interface BackupFilter {
  source?: string[];
  engine?: string[];
  /** Job ids (names change; ids are frozen in the sidecar). */
  job?: string[];
  /** Database names; '' matches server-wide artifacts (no database). */
  database?: string[];
  from?: string;
  to?: string;
}

export interface FacetCount {
  value: string | null;
  /** Human label where the value is an id (jobs). */
  label?: string;
  count: number;
}

export interface BackupFacets {
  source: FacetCount[];
  engine: FacetCount[];
  job: FacetCount[];
  database: FacetCount[];
}

type FacetName = keyof BackupFacets;

const VALUE: Record<FacetName, (b: BackupView) => string | null> = {
  source: (b) => b.source.name,
  engine: (b) => b.source.engine,
  job: (b) => b.job?.id ?? null,
  database: (b) => b.database,
};

export function filterBackups(backups: readonly BackupView[], filter: BackupFilter, except?: FacetName): BackupView[] {
  return backups.filter((b) => {
    for (const facet of Object.keys(VALUE) as FacetName[]) {
      const wanted = filter[facet];
      if (facet === except || !wanted || wanted.length === 0) continue;
      if (!wanted.includes(VALUE[facet](b) ?? '')) return false;
    }
    if (filter.from && toTime(b.startedAt) < toTime(filter.from)) return false;
    if (filter.to && toTime(b.startedAt) > toTime(filter.to)) return false;
    return true;
  });
}

/** Counts per option of each facet under every OTHER active filter, like the executions history. */
export function facetCounts(backups: readonly BackupView[], filter: BackupFilter): BackupFacets {
  const out = {} as BackupFacets;
  for (const facet of Object.keys(VALUE) as FacetName[]) {
    const counts = new Map<string | null, FacetCount>();
    for (const b of filterBackups(backups, filter, facet)) {
      const value = VALUE[facet](b);
      const entry = counts.get(value) ?? { value, count: 0, ...(facet === 'job' && b.job ? { label: b.job.name } : {}) };
      entry.count += 1;
      counts.set(value, entry);
    }
    out[facet] = [...counts.values()].sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  }
  return out;
}

export interface StorageTotals {
  count: number;
  bytes: number;
  bySource: { source: string; engine: string; count: number; bytes: number }[];
  byDatabase: { source: string; database: string | null; count: number; bytes: number }[];
  orphans: { count: number; bytes: number };
}

/** Sums of what storage holds (stored sizes), for the dashboard. */
export function storageTotals(backups: readonly BackupView[], orphans: readonly { size: number }[]): StorageTotals {
  const bySource = new Map<string, StorageTotals['bySource'][number]>();
  const byDatabase = new Map<string, StorageTotals['byDatabase'][number]>();
  for (const b of backups) {
    const source = bySource.get(b.source.name) ?? { source: b.source.name, engine: b.source.engine, count: 0, bytes: 0 };
    source.count += 1;
    source.bytes += b.storedSize;
    bySource.set(b.source.name, source);
    const id = JSON.stringify([b.source.name, b.database]);
    const database = byDatabase.get(id) ?? { source: b.source.name, database: b.database, count: 0, bytes: 0 };
    database.count += 1;
    database.bytes += b.storedSize;
    byDatabase.set(id, database);
  }
  const bigFirst = <T extends { bytes: number }>(rows: Iterable<T>) => [...rows].sort((a, b) => b.bytes - a.bytes);
  return {
    count: backups.length,
    bytes: backups.reduce((sum, b) => sum + b.storedSize, 0),
    bySource: bigFirst(bySource.values()),
    byDatabase: bigFirst(byDatabase.values()),
    orphans: { count: orphans.length, bytes: orphans.reduce((sum, o) => sum + o.size, 0) },
  };
}

function toTime(iso: string): number {
  return new Date(iso).getTime();
}
