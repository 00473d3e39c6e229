import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';

/**
 * The state of each notification check, replaced only by compare-and-set: of several workers that reach
 * the same conclusion at once, exactly one `replace` returns true, and only that one notifies.
 */
export class NotificationChecksRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  /** The stored state as JSON text, or undefined when the key was never checked. */
  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('notification_checks').select('state').where('key', '=', key).executeTakeFirst();
    return row?.state;
  }

  /** Stores `next` if the state is still `previous` (undefined: no row yet); true when this call changed it. */
  async replace(key: string, previous: string | undefined, next: string, at: string): Promise<boolean> {
    if (previous === undefined) {
      const result = await this.db
        .insertInto('notification_checks')
        .values({ key, state: next, updated_at: at })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const result = await this.db
      .updateTable('notification_checks')
      .set({ state: next, updated_at: at })
      .where('key', '=', key)
      .where('state', '=', previous)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
