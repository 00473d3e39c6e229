import type { Kysely } from 'kysely';
import type { AppDatabase } from '../schema.js';

/** Columns shared by tables that hold an adapter configuration (sources, destinations, notification channels). */
export interface ConfiguredRow {
  id: string;
  name: string;
  kind: string;
  config: string;
  secrets: string | null;
  created_at: string;
  updated_at: string;
}

type ConfiguredTable = 'sources' | 'destinations' | 'notification_channels';

/** CRUD for a table of configured adapters. Unique names are enforced by the database. */
export class ConfiguredRepo<Row extends ConfiguredRow> {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    private readonly table: ConfiguredTable,
  ) {}

  async list(): Promise<Row[]> {
    return (await this.db.selectFrom(this.table).selectAll().orderBy('name').execute()) as Row[];
  }

  async find(id: string): Promise<Row | undefined> {
    return (await this.db.selectFrom(this.table).selectAll().where('id', '=', id).executeTakeFirst()) as Row | undefined;
  }

  async findByName(name: string): Promise<Row | undefined> {
    return (await this.db.selectFrom(this.table).selectAll().where('name', '=', name).executeTakeFirst()) as Row | undefined;
  }

  async insert(row: Row): Promise<void> {
    await this.db.insertInto(this.table).values(row as never).execute();
  }

  async update(id: string, changes: Partial<Row>): Promise<void> {
    await this.db.updateTable(this.table).set(changes as never).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom(this.table).where('id', '=', id).execute();
  }
}
