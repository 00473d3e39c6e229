import type { CreateTableBuilder, Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectName } from '../dialect.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-access.js';
import * as m003 from './003-job-runtime.js';
import * as m004 from './004-storage-cache.js';
import * as m005 from './005-verifications.js';
import * as m006 from './006-notifications.js';
import * as m007 from './007-encryption-profiles.js';
import * as m008 from './008-notification-checks.js';
import * as m009 from './009-schedule-ticks-per-type.js';
import * as m010 from './010-execution-history-counts.js';

/** Dialect-specific pieces a migration may need; everything else is portable Kysely. */
export interface MigrationContext {
  dialect: DialectName;
  /** Adds an auto-incrementing integer `id` primary key. */
  autoId<T extends string>(table: CreateTableBuilder<T, never>): CreateTableBuilder<T, never>;
}

type MigrationModule = { up(db: Kysely<unknown>, context: MigrationContext): Promise<void> };

/** Numbered migrations, in order. An explicit list: no file-system scanning. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '001-initial': m001,
  '002-access': m002,
  '003-job-runtime': m003,
  '004-storage-cache': m004,
  '005-verifications': m005,
  '006-notifications': m006,
  '007-encryption-profiles': m007,
  '008-notification-checks': m008,
  '009-schedule-ticks-per-type': m009,
  '010-execution-history-counts': m010,
};

export function migrationProvider(dialect: DialectName): MigrationProvider {
  const context: MigrationContext = {
    dialect,
    autoId: (table) =>
      dialect === 'postgres'
        ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
  };
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, module] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => module.up(db, context) };
      return out;
    },
  };
}
