import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';

export interface BackupLock {
  artifactKey: string;
  lockedAt: string;
  lockedBy: string | null;
  note: string | null;
}

/** Backups a user pinned: never deleted by retention or the delete route while locked. */
export class BackupLocksRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async all(destinationId: string): Promise<Map<string, BackupLock>> {
    const rows = await this.db.selectFrom('backup_locks').selectAll().where('destination_id', '=', destinationId).execute();
    return new Map(rows.map((r) => [r.artifact_key, { artifactKey: r.artifact_key, lockedAt: r.locked_at, lockedBy: r.locked_by, note: r.note }]));
  }

  async find(destinationId: string, artifactKey: string): Promise<BackupLock | undefined> {
    const row = await this.db
      .selectFrom('backup_locks')
      .selectAll()
      .where('destination_id', '=', destinationId)
      .where('artifact_key', '=', artifactKey)
      .executeTakeFirst();
    return row && { artifactKey: row.artifact_key, lockedAt: row.locked_at, lockedBy: row.locked_by, note: row.note };
  }

  /** Idempotent: locking a locked backup keeps the first lock's time and author. */
  async lock(destinationId: string, lock: BackupLock): Promise<void> {
    await this.db
      .insertInto('backup_locks')
      .values({ destination_id: destinationId, artifact_key: lock.artifactKey, locked_at: lock.lockedAt, locked_by: lock.lockedBy, note: lock.note })
      .onConflict((oc) => oc.columns(['destination_id', 'artifact_key']).doNothing())
      .execute();
  }

  async unlock(destinationId: string, artifactKey: string): Promise<void> {
    await this.db.deleteFrom('backup_locks').where('destination_id', '=', destinationId).where('artifact_key', '=', artifactKey).execute();
  }
}
