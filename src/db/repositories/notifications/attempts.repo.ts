import type { Insertable, Kysely, Selectable } from 'kysely';
import { toNumber } from '../../dialect.js';
import type { AppDatabase } from '../../schema.js';
import type { NotificationAttemptsTable } from './notifications-schema.js';

export type NotificationAttemptRow = Selectable<NotificationAttemptsTable>;

export interface AttemptFilter {
  channelId?: string;
  executionId?: string;
  /** Only attempts before this ISO time (keyset pagination, newest first). */
  before?: string;
  limit: number;
}

/** The delivery history: one row per attempt, newest first when read. */
export class NotificationAttemptsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async insert(row: Insertable<NotificationAttemptsTable>): Promise<void> {
    await this.db.insertInto('notification_attempts').values(row).execute();
  }

  async list(filter: AttemptFilter): Promise<NotificationAttemptRow[]> {
    let query = this.db.selectFrom('notification_attempts').selectAll();
    if (filter.channelId) query = query.where('channel_id', '=', filter.channelId);
    if (filter.executionId) query = query.where('execution_id', '=', filter.executionId);
    if (filter.before) query = query.where('at', '<', filter.before);
    const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map((r) => ({ ...r, id: toNumber(r.id), attempt: toNumber(r.attempt), ok: toNumber(r.ok), duration_ms: toNumber(r.duration_ms) }));
  }
}
