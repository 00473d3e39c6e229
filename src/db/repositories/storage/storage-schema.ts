/** Tables of migration 004 (see src/db/migrations/004-storage-cache.ts). */
export interface StorageSidecarCacheTable {
  destination_id: string;
  sidecar_key: string;
  /** Bytes of the sidecar as listed by storage; with etag and modified_at, what makes a row valid. */
  size: number | string;
  etag: string | null;
  modified_at: string;
  /** The parsed sidecar, as JSON text. */
  sidecar: string;
  read_at: string;
}

export interface BackupLocksTable {
  destination_id: string;
  artifact_key: string;
  locked_at: string;
  locked_by: string | null;
  note: string | null;
}

export interface StorageTables {
  storage_sidecar_cache: StorageSidecarCacheTable;
  backup_locks: BackupLocksTable;
}
