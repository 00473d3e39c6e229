import { mysqlConfigSchema } from '../../../adapters/sources/mysql/mysql.config.js';
import { postgresConfigSchema } from '../../../adapters/sources/postgres/postgres.config.js';
import { dropMysqlDatabase, mysqlStrategy } from './mysql.target.js';
import { dropPostgresDatabase, postgresStrategy } from './postgres.target.js';
import type { RestoreStrategy } from './target.js';

export interface EngineTarget {
  strategy: RestoreStrategy;
  /** Drops a database this process created (drill scratch databases). */
  dropDatabase?(config: Record<string, unknown>, name: string): Promise<void>;
}

/** Engines restore straight into the target; SQLite writes a temporary file and renames it (see the adapter). */
const direct: RestoreStrategy = async (context, run) => run(context.source, context.database);

const ENGINES: Record<string, EngineTarget> = {
  postgres: { strategy: postgresStrategy, dropDatabase: (config, name) => dropPostgresDatabase(postgresConfigSchema.parse(config), name) },
  mysql: { strategy: mysqlStrategy, dropDatabase: (config, name) => dropMysqlDatabase(mysqlConfigSchema.parse(config), name) },
};

export function engineTarget(engine: string): EngineTarget {
  return ENGINES[engine] ?? { strategy: direct };
}
