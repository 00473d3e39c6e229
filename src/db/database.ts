import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { ConfigError } from '../lib/errors.js';
import type { DialectName } from './dialect.js';
import { migrationProvider } from './migrations/index.js';
import type { AppDatabase } from './schema.js';

export interface AppDb {
  db: Kysely<AppDatabase>;
  dialect: DialectName;
  /** Where it lives, without credentials, for logs and health. */
  location: string;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'lifeboat.db';

/** Opens the app database: PostgreSQL when a URL is given, else SQLite (WAL) in the data directory. */
export function openAppDb(options: { databaseUrl?: string; dataDir: string }): AppDb {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openSqlite(path.join(options.dataDir, SQLITE_FILE));
}

export function openSqlite(file: string): AppDb {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<AppDatabase>({ dialect: new SqliteDialect({ database }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

function openPostgres(url: string): AppDb {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection closed by the server (restart, failover, admin) is dropped from the pool and the
  // next query reconnects; without a listener the event would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    location: `postgres://${parsed.host}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

/** Applies pending migrations; a failure names the migration and leaves earlier ones in place. */
export async function migrate(app: AppDb): Promise<string[]> {
  const migrator = new Migrator({ db: app.db, provider: migrationProvider(app.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new ConfigError(
      `App database migration ${failed?.migrationName ?? ''} failed on ${app.location}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Cheap reachability probe for health checks. */
export async function pingAppDb(app: AppDb): Promise<void> {
  await sql`select 1`.execute(app.db);
}
