import type { NotificationAttemptRow } from '../../db/repositories/notifications/attempts.repo.js';

/** One delivery attempt as the API shows it. */
export interface AttemptView {
  id: number;
  channelId: string;
  eventType: string;
  executionId: string | null;
  attempt: number;
  ok: boolean;
  error: string | null;
  durationMs: number;
  at: string;
}

export function attemptView(row: NotificationAttemptRow): AttemptView {
  return {
    id: row.id,
    channelId: row.channel_id,
    eventType: row.event_type,
    executionId: row.execution_id,
    attempt: row.attempt,
    ok: row.ok === 1,
    error: row.error,
    durationMs: row.duration_ms,
    at: row.at,
  };
}
