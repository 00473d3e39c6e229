import { sql, type Insertable, type Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { AuditLogTable } from './access-schema.js';

export type AuditInsert = Insertable<AuditLogTable>;

export interface AuditQuery {
  actor?: string;
  action?: string;
  outcome?: string;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** The append-only audit log. */
export class AuditRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async insert(row: AuditInsert): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
  }

  /** Newest first; `before` is the id cursor of the previous page. */
  query(q: AuditQuery) {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
    if (q.actor) query = query.where((eb) => eb.or([eb('actor_email', '=', q.actor!), eb('actor_id', '=', q.actor!)]));
    // A prefix match without LIKE, whose wildcards (_ and %) are common in action names.
    if (q.action) query = query.where(sql<string>`substr(action, 1, ${q.action.length})`, '=', q.action);
    if (q.outcome) query = query.where('outcome', '=', q.outcome);
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<', q.to);
    if (q.before) query = query.where('id', '<', q.before);
    return query.execute();
  }

  async deleteBefore(at: string): Promise<number> {
    const result = await this.db.deleteFrom('audit_log').where('at', '<', at).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
