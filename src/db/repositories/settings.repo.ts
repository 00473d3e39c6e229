import type { Kysely } from 'kysely';
import type { AppDatabase } from '../schema.js';

/** Key-value settings stored as JSON text. */
export class SettingsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async get<T>(key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async set(key: string, value: unknown, db: Kysely<AppDatabase> = this.db): Promise<void> {
    const text = JSON.stringify(value);
    await db
      .insertInto('settings')
      .values({ key, value: text })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
      .execute();
  }

  async all(): Promise<Record<string, unknown>> {
    const rows = await this.db.selectFrom('settings').selectAll().execute();
    return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
  }
}
