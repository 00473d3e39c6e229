import type mysql from 'mysql2/promise';
import { mysqlConfigSchema, type MysqlConfig } from '../../../adapters/sources/mysql/mysql.config.js';
import { quoteIdent as q, withConnection } from '../../../adapters/sources/mysql/mysql-connection.js';
import { firstLine, ValidationError } from '../../../lib/errors.js';
import { tableFilter } from '../selective/mysql-sections.js';
import { publishStaging } from './mysql-publish.js';
import { manualDrop, NAME_LIMITS, stagingName } from './staging.js';
import { filteredSource, type AdminCredentials, type RestoreStrategy } from './target.js';

async function exists(conn: mysql.Connection, database: string): Promise<boolean> {
  const [rows] = await conn.query('SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
  return (rows as unknown[]).length > 0;
}

/** 'user@host' of the source's own account, quoted for GRANT. */
async function accountOf(config: MysqlConfig, signal: AbortSignal): Promise<string> {
  const account = await withConnection(config, async (conn) => {
    const [rows] = await conn.query('SELECT CURRENT_USER() AS a');
    return String((rows as { a: string }[])[0]?.a ?? '');
  }, signal);
  const at = account.lastIndexOf('@');
  const literal = (text: string) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return `${literal(account.slice(0, at))}@${literal(account.slice(at + 1))}`;
}

/** Creates a database as the source's user, or with one-off admin credentials granting the source's account (`grantee`) on it. */
async function createDatabase(config: MysqlConfig, name: string, admin: AdminCredentials | undefined, grantee: string | undefined, signal: AbortSignal): Promise<void> {
  const as = admin ? { ...config, user: admin.user, password: admin.password } : config;
  await withConnection(as, async (conn) => {
    await conn.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (grantee) await conn.query(`GRANT ALL PRIVILEGES ON ${q(name)}.* TO ${grantee}`);
  }, signal);
}

export async function mysqlDatabaseExists(config: MysqlConfig, database: string): Promise<boolean> {
  return withConnection(config, (conn) => exists(conn, database));
}

export async function dropMysqlDatabase(config: MysqlConfig, database: string, admin?: AdminCredentials): Promise<void> {
  const as = admin ? { ...config, user: admin.user, password: admin.password } : config;
  await withConnection(as, (conn) => conn.query(`DROP DATABASE IF EXISTS ${q(database)}`));
}

/** Drops the staging database; a grant made on it with admin credentials outlives the database, so it goes too. */
async function dropStaging(config: MysqlConfig, staging: string, admin: AdminCredentials | undefined, grantee: string | undefined, log: (message: string) => Promise<void>): Promise<void> {
  try {
    await dropMysqlDatabase(config, staging, admin);
  } catch (error) {
    await log(`Could not drop staging database ${staging}: ${firstLine(error)}. Drop it by hand: ${manualDrop('mysql', staging)}`);
    return;
  }
  if (admin && grantee) {
    const as = { ...config, user: admin.user, password: admin.password };
    await withConnection(as, (conn) => conn.query(`REVOKE ALL PRIVILEGES ON ${q(staging)}.* FROM ${grantee}`)).catch(() => undefined);
  }
}

/**
 * MariaDB/MySQL: the client is not transactional for DDL, so the dump is restored into a fresh staging database
 * first (recorded on the execution before it is created, for recovery after a crash). Only when every statement
 * succeeded (and the artifact's checksum matched) are its tables moved into the target with one atomic RENAME
 * TABLE; a missing target is created just before that move. Otherwise the staging database is dropped and the
 * target never changed (nor was created).
 */
export const mysqlStrategy: RestoreStrategy = async (context, run) => {
  const config = mysqlConfigSchema.parse(context.config);
  const database = context.database;
  if (!database) throw new ValidationError('Choose the target database');
  const staging = stagingName(database, NAME_LIMITS.mysql);
  const missing = !(await withConnection(config, (conn) => exists(conn, database), context.signal));
  const grantee = context.admin ? await accountOf(config, context.signal) : undefined;
  await context.recordStaging?.({ engine: 'mysql', server: `${config.host}:${config.port}`, database: staging, target: database });
  await createDatabase(config, staging, context.admin, grantee, context.signal);
  const source = context.tables?.length ? filteredSource(context.source, () => tableFilter(context.tables!)) : context.source;
  let created = false;
  let published = false;
  try {
    await context.log(`Restoring into staging database ${staging}`);
    await run(source, staging);
    if (missing) {
      await createDatabase(config, database, context.admin, grantee, context.signal);
      created = true;
      await context.log(`Created database ${database}${context.admin ? ` as ${context.admin.user}` : ''}`);
    }
    const { tables } = await withConnection(config, (conn) => publishStaging(conn, staging, database, context.clean));
    published = true;
    await context.log(`Moved ${tables} table(s) from ${staging} into ${database}`);
  } finally {
    await dropStaging(config, staging, context.admin, grantee, context.log);
    if (created && !published) await dropMysqlDatabase(config, database, context.admin).catch(() => undefined);
  }
};
