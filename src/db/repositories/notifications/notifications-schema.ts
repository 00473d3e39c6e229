import type { Generated } from 'kysely';

/** Tables of migration 006 (see src/db/migrations/006-notifications.ts). */

/** A configured channel: same columns as sources and destinations; `secrets` is sealed with the system key. */
export interface NotificationChannelsTable {
  id: string;
  name: string;
  kind: string;
  config: string;
  secrets: string | null;
  created_at: string;
  updated_at: string;
}

/** One try at delivering one event to one channel. Kept after the channel is deleted (history). */
export interface NotificationAttemptsTable {
  id: Generated<number>;
  channel_id: string;
  event_type: string;
  /** The execution the event is about; null for events that are not about one (source unreachable...). */
  execution_id: string | null;
  /** 1-based, per delivery. */
  attempt: number;
  ok: number;
  /** First line, URL credentials removed. */
  error: string | null;
  duration_ms: number;
  /** ISO 8601: when the attempt started. */
  at: string;
}

/** Migration 008: the last conclusion of a notification check about one thing (see checks.repo.ts). */
export interface NotificationChecksTable {
  /** What is watched, e.g. `source.unreachable:<source id>`. */
  key: string;
  /** The check's state as JSON text; compared verbatim when it is replaced. */
  state: string;
  updated_at: string;
}

export interface NotificationTables {
  notification_channels: NotificationChannelsTable;
  notification_attempts: NotificationAttemptsTable;
  notification_checks: NotificationChecksTable;
}
