import { mysqlConfigSchema } from '../../../adapters/sources/mysql/mysql.config.js';
import { postgresConfigSchema } from '../../../adapters/sources/postgres/postgres.config.js';
import { dropMysqlDatabase, mysqlDatabaseExists, mysqlStrategy } from './mysql.target.js';
import { dropPostgresDatabase, postgresDatabaseExists, postgresStrategy } from './postgres.target.js';
import type { RestoreStrategy } from './target.js';

export interface EngineTarget {
  strategy: RestoreStrategy;
  /** Drops a database Lifeboat created (drill scratch databases, staging databases left by a crash). */
  dropDatabase?(config: Record<string, unknown>, name: string): Promise<void>;
  /** Whether a database exists, seen with the source's own credentials. */
  databaseExists?(config: Record<string, unknown>, name: string): Promise<boolean>;
  /** host:port of the server a configuration points at, as staging records name it. */
  server?(config: Record<string, unknown>): string;
}

/** Engines restore straight into the target; SQLite writes a temporary file and renames it (see the adapter). */
const direct: RestoreStrategy = async (context, run) => run(context.source, context.database);

const ENGINES: Record<string, EngineTarget> = {
  postgres: {
    strategy: postgresStrategy,
    dropDatabase: (config, name) => dropPostgresDatabase(postgresConfigSchema.parse(config), name),
    databaseExists: (config, name) => postgresDatabaseExists(postgresConfigSchema.parse(config), name),
    server: (config) => { const c = postgresConfigSchema.parse(config); return `${c.host}:${c.port}`; },
  },
  mysql: {
    strategy: mysqlStrategy,
    dropDatabase: (config, name) => dropMysqlDatabase(mysqlConfigSchema.parse(config), name),
    databaseExists: (config, name) => mysqlDatabaseExists(mysqlConfigSchema.parse(config), name),
    server: (config) => { const c = mysqlConfigSchema.parse(config); return `${c.host}:${c.port}`; },
  },
};

export function engineTarget(engine: string): EngineTarget {
  return (Object.hasOwn(ENGINES, engine) ? ENGINES[engine] : undefined) ?? { strategy: direct };
}
