import type { Kysely, Selectable } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import { toNumber } from '../../dialect.js';
import type { VerificationsTable } from './verifications-schema.js';

export interface VerificationRecord {
  id: string;
  destinationId: string;
  key: string;
  backupId: string | null;
  executionId: string | null;
  checkedAt: string;
  status: 'passed' | 'failed';
  bytes: number;
  sizeOk: boolean;
  checksumOk: boolean;
  authenticated: boolean | null;
  error: string | null;
}

function toRecord(row: Selectable<VerificationsTable>): VerificationRecord {
  return {
    id: row.id, destinationId: row.destination_id, key: row.artifact_key, backupId: row.backup_id, executionId: row.execution_id,
    checkedAt: row.checked_at, status: row.status as VerificationRecord['status'], bytes: toNumber(row.bytes),
    sizeOk: toNumber(row.size_ok) === 1, checksumOk: toNumber(row.checksum_ok) === 1,
    authenticated: row.authenticated === null ? null : toNumber(row.authenticated) === 1, error: row.error,
  };
}

/** Verification results per backup (destination + artifact key); storage stays the truth about the backups. */
export class VerificationsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async insert(record: VerificationRecord): Promise<void> {
    const bool = (value: boolean) => (value ? 1 : 0);
    await this.db.insertInto('verifications').values({
      id: record.id, destination_id: record.destinationId, artifact_key: record.key, backup_id: record.backupId,
      execution_id: record.executionId, checked_at: record.checkedAt, status: record.status, bytes: record.bytes,
      size_ok: bool(record.sizeOk), checksum_ok: bool(record.checksumOk),
      authenticated: record.authenticated === null ? null : bool(record.authenticated), error: record.error,
    }).execute();
  }

  /** Newest first. */
  async forBackup(destinationId: string, key: string, limit = 20): Promise<VerificationRecord[]> {
    const rows = await this.db.selectFrom('verifications').selectAll()
      .where('destination_id', '=', destinationId).where('artifact_key', '=', key)
      .orderBy('checked_at', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }
}
