import { postgresConfigSchema, type PostgresConfig } from '../../../adapters/sources/postgres/postgres.config.js';
import { withPgClient } from '../../../adapters/sources/postgres/postgres.connection.js';
import { firstLine, ValidationError } from '../../../lib/errors.js';
import { manualDrop, NAME_LIMITS, stagingName } from './staging.js';
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

/** Needs no session on `from` (pg_restore has exited) and ownership plus CREATEDB: the creator of `from` has both. */
async function renameDatabase(config: PostgresConfig, from: string, to: string, admin: AdminCredentials | undefined): Promise<void> {
  await withPgClient(adminConfig(config, admin), config.database, (client) =>
    client.query(`ALTER DATABASE ${client.escapeIdentifier(from)} RENAME TO ${client.escapeIdentifier(to)}`));
}

/**
 * PostgreSQL: pg_restore --single-transaction --exit-on-error, so a failed, cancelled or damaged restore rolls
 * back as a whole. A missing target is never created empty: the restore goes into a staging database (recorded
 * on the execution first, for recovery after a crash) renamed to the target only once it succeeded, and dropped
 * otherwise.
 */
export const postgresStrategy: RestoreStrategy = async (context, run) => {
  const config = postgresConfigSchema.parse(context.config);
  const database = context.database ?? config.database;
  if (!database) throw new ValidationError('Choose the target database');
  const source = context.tables?.length ? drainingSource(context.source) : context.source;
  if (await postgresDatabaseExists(config, database, context.signal)) return run(source, database);
  const staging = stagingName(database, NAME_LIMITS.postgres);
  await context.recordStaging?.({ engine: 'postgres', server: `${config.host}:${config.port}`, database: staging, target: database });
  await createDatabase(config, staging, context.admin, context.signal);
  await context.log(`Created staging database ${staging}${context.admin ? ` as ${context.admin.user}` : ''}; it becomes ${database} once the restore succeeded`);
  let renamed = false;
  try {
    await run(source, staging);
    // Not cancellable: once the data is in, the rename either happens or the staging database is dropped below.
    await renameDatabase(config, staging, database, context.admin);
    renamed = true;
    await context.log(`Created database ${database} (renamed from ${staging})`);
  } finally {
    if (!renamed) {
      await dropPostgresDatabase(config, staging, context.admin).then(
        () => context.log(`Dropped staging database ${staging}: the restore did not complete, ${database} was not created`),
        (error: unknown) => context.log(`Could not drop staging database ${staging}: ${firstLine(error)}. Drop it by hand: ${manualDrop('postgres', staging)}`),
      );
    }
  }
};
