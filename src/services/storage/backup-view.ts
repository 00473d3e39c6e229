import type { BackupLock } from '../../db/repositories/storage/backup-locks.repo.js';
import type { CatalogBackup, CatalogOrphan } from '../../pipeline/catalog.js';

/** One backup as the explorer shows it: what its sidecar says, what storage says, and whether it is locked. */
export interface BackupView {
  key: string;
  sidecarKey: string;
  backupId: string;
  source: { name: string; engine: string; serverVersion: string };
  database: string | null;
  kind: 'database' | 'globals';
  job: { id: string; name: string } | null;
  startedAt: string;
  finishedAt: string;
  /** Size and checksum recorded when the backup was written. */
  size: number;
  sha256: string;
  /** Size storage reports now; differs from `size` when the artifact was changed behind Lifeboat's back. */
  storedSize: number;
  modifiedAt: string;
  sizeMismatch: boolean;
  compression: string;
  encrypted: boolean;
  format: string;
  mode: string;
  locked: boolean;
  lock: BackupLock | null;
}

export interface OrphanView {
  key: string;
  size: number;
  modifiedAt: string;
  orphan: true;
  locked: boolean;
}

export function backupView(backup: CatalogBackup, lock: BackupLock | undefined): BackupView {
  const { sidecar, stored } = backup;
  return {
    key: backup.key,
    sidecarKey: backup.sidecarKey,
    backupId: sidecar.backupId,
    source: sidecar.source,
    database: sidecar.database,
    kind: sidecar.kind,
    job: sidecar.job,
    startedAt: sidecar.startedAt,
    finishedAt: sidecar.finishedAt,
    size: sidecar.artifact.size,
    sha256: sidecar.artifact.sha256,
    storedSize: stored.size,
    modifiedAt: stored.modifiedAt.toISOString(),
    sizeMismatch: stored.size !== sidecar.artifact.size,
    compression: sidecar.compression.algorithm,
    encrypted: sidecar.encryption !== null,
    format: sidecar.dump.format,
    mode: sidecar.dump.mode,
    locked: lock !== undefined,
    lock: lock ?? null,
  };
}

export function orphanView(orphan: CatalogOrphan, lock: BackupLock | undefined): OrphanView {
  return { key: orphan.key, size: orphan.stored.size, modifiedAt: orphan.stored.modifiedAt.toISOString(), orphan: true, locked: lock !== undefined };
}
