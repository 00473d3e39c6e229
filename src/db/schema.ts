import type { Generated } from 'kysely';
import type { AccessTables } from './repositories/access/access-schema.js';
import type { NotificationTables } from './repositories/notifications/notifications-schema.js';
import type { StorageTables } from './repositories/storage/storage-schema.js';
import type { EncryptionTables } from './repositories/encryption/encryption-schema.js';
import type { VerificationTables } from './repositories/verifications/verifications-schema.js';

/**
 * App database tables. Portable across SQLite and PostgreSQL: ids are text (UUIDs), timestamps are
 * ISO 8601 UTC text (sortable), booleans are 0/1 integers, JSON is text. `dialect.ts` converts.
 */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface SourcesTable {
  id: string;
  name: string;
  kind: string;
  config: string;
  secrets: string | null;
  environment: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DestinationsTable {
  id: string;
  name: string;
  kind: string;
  config: string;
  secrets: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobsTable {
  id: string;
  name: string;
  source_id: string;
  databases: string;
  schedule: string | null;
  timezone: string | null;
  enabled: number;
  compression: string;
  encryption_profile_id: string | null;
  retention: string;
  notifications: string;
  options: string;
  created_at: string;
  updated_at: string;
  last_scheduled_at: string | null;
}

export interface JobDestinationsTable {
  job_id: string;
  destination_id: string;
  position: number;
}

export interface ExecutionsTable {
  id: string;
  type: string;
  status: string;
  trigger: string;
  job_id: string | null;
  source_id: string | null;
  attempt: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress: string | null;
  result: string | null;
  error: string | null;
  /** The schedule tick this run is for; unique per job so a tick runs once across the cluster. */
  scheduled_for: string | null;
  /** Not before this time (retry backoff). */
  run_after: string | null;
  max_attempts: Generated<number>;
  /** Which process runs it, and when it last said it is alive (lease). */
  worker: string | null;
  heartbeat_at: string | null;
  cancel_requested: Generated<number>;
  /** What to run, for executions not tied to a job (JSON). */
  payload: string | null;
}

/** Executions per combination of the history's filter columns, kept exact by database triggers; '' = none. */
export interface ExecutionCountsTable {
  status: string;
  job_id: string;
  source_id: string;
  trigger: string;
  type: string;
  total: number | string;
}

export interface ExecutionLogsTable {
  id: Generated<number>;
  execution_id: string;
  at: string;
  level: string;
  step: string | null;
  message: string;
}

export interface AppDatabase extends AccessTables, StorageTables, NotificationTables, EncryptionTables, VerificationTables {
  settings: SettingsTable;
  sources: SourcesTable;
  destinations: DestinationsTable;
  jobs: JobsTable;
  job_destinations: JobDestinationsTable;
  executions: ExecutionsTable;
  execution_logs: ExecutionLogsTable;
  execution_counts: ExecutionCountsTable;
}
