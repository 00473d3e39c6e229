import { postgresConfigSchema, type PostgresConfig } from '../../../adapters/sources/postgres/postgres.config.js';
import { withPgClient } from '../../../adapters/sources/postgres/postgres.connection.js';
import { ValidationError } from '../../../lib/errors.js';
import { drainingSource, type AdminCredentials, type RestoreStrategy } from './target.js';

function adminConfig(config: PostgresConfig, admin: AdminCredentials | undefined): PostgresConfig {
  return admin ? { ...config, user: admin.user, password: admin.password } : config;
}

export async function postgresDatabaseExists(config: PostgresConfig, database: string, signal?: AbortSignal): Promise<boolean> {
  return withPgClient(config, config.database, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    return (rowCount ?? 0) > 0;
  }, signal);
}

/** Creates the database owned by the source's user, so the restore (as that user) can fill it. */
async function createDatabase(config: PostgresConfig, database: string, admin: AdminCredentials | undefined, signal: AbortSignal): Promise<void> {
  await withPgClient(adminConfig(config, admin), config.database, async (client) => {
    const owner = admin ? ` OWNER ${client.escapeIdentifier(config.user)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${owner}`);
  }, signal);
}

export async function dropPostgresDatabase(config: PostgresConfig, database: string, admin?: AdminCredentials): Promise<void> {
  await withPgClient(adminConfig(config, admin), config.database, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`));
}

/**
 * PostgreSQL: pg_restore --single-transaction --exit-on-error, so a failed, cancelled or damaged restore rolls
 * back as a whole. A database created for this restore is dropped again when the restore fails.
 */
export const postgresStrategy: RestoreStrategy = async (context, run) => {
  const config = postgresConfigSchema.parse(context.config);
  const database = context.database ?? config.database;
  if (!database) throw new ValidationError('Choose the target database');
  const created = !(await postgresDatabaseExists(config, database, context.signal));
  if (created) {
    await createDatabase(config, database, context.admin, context.signal);
    await context.log(`Created database ${database}${context.admin ? ` as ${context.admin.user}` : ''}`);
  }
  try {
    await run(context.tables?.length ? drainingSource(context.source) : context.source, database);
  } catch (error) {
    if (created) {
      await dropPostgresDatabase(config, database, context.admin).catch(() => undefined);
      await context.log(`Dropped database ${database} again: the restore did not complete`);
    }
    throw error;
  }
};
