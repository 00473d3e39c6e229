export interface VerificationsTable {
  id: string;
  destination_id: string;
  artifact_key: string;
  backup_id: string | null;
  execution_id: string | null;
  checked_at: string;
  /** 'passed' | 'failed' */
  status: string;
  bytes: number;
  size_ok: number;
  checksum_ok: number;
  /** 1/0 when the age authentication was checked with a key; null without a key or for unencrypted backups. */
  authenticated: number | null;
  error: string | null;
}

export interface VerificationTables {
  verifications: VerificationsTable;
}
