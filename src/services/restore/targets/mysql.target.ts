import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { mysqlConfigSchema, type MysqlConfig } from '../../../adapters/sources/mysql/mysql.config.js';
import { quoteIdent as q, withConnection } from '../../../adapters/sources/mysql/mysql-connection.js';
import { ValidationError } from '../../../lib/errors.js';
import { tableFilter } from '../selective/mysql-sections.js';
import { publishStaging } from './mysql-publish.js';
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

/** Creates databases as the source's user, or with one-off admin credentials granting the source's account on them. */
async function createDatabases(config: MysqlConfig, names: string[], admin: AdminCredentials | undefined, signal: AbortSignal): Promise<void> {
  const grantee = admin ? await accountOf(config, signal) : undefined;
  const as = admin ? { ...config, user: admin.user, password: admin.password } : config;
  await withConnection(as, async (conn) => {
    for (const name of names) {
      await conn.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      if (grantee) await conn.query(`GRANT ALL PRIVILEGES ON ${q(name)}.* TO ${grantee}`);
    }
  }, signal);
}

export async function dropMysqlDatabase(config: MysqlConfig, database: string, admin?: AdminCredentials): Promise<void> {
  const as = admin ? { ...config, user: admin.user, password: admin.password } : config;
  await withConnection(as, (conn) => conn.query(`DROP DATABASE IF EXISTS ${q(database)}`));
}

/**
 * MariaDB/MySQL: the client is not transactional for DDL, so the dump is restored into a fresh staging database
 * first. Only when every statement succeeded (and the artifact's checksum matched) are its tables moved into the
 * target with one atomic RENAME TABLE; otherwise the staging database is dropped and the target never changed.
 */
export const mysqlStrategy: RestoreStrategy = async (context, run) => {
  const config = mysqlConfigSchema.parse(context.config);
  const database = context.database;
  if (!database) throw new ValidationError('Choose the target database');
  const staging = `lifeboat_staging_${randomBytes(6).toString('hex')}`;
  const created = !(await withConnection(config, (conn) => exists(conn, database), context.signal));
  await createDatabases(config, created ? [database, staging] : [staging], context.admin, context.signal);
  if (created) await context.log(`Created database ${database}${context.admin ? ` as ${context.admin.user}` : ''}`);
  const source = context.tables?.length ? filteredSource(context.source, () => tableFilter(context.tables!)) : context.source;
  let published = false;
  try {
    await context.log(`Restoring into staging database ${staging}`);
    await run(source, staging);
    const { tables } = await withConnection(config, (conn) => publishStaging(conn, staging, database, context.clean));
    published = true;
    await context.log(`Moved ${tables} table(s) from ${staging} into ${database}`);
  } finally {
    await dropMysqlDatabase(config, staging, context.admin).catch(() => undefined);
    if (created && !published) await dropMysqlDatabase(config, database, context.admin).catch(() => undefined);
  }
};
