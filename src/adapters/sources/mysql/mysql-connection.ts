import type mysql from 'mysql2/promise';
import { CancelledError, LifeboatError, NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';
import { describeServer, type MysqlConfig } from './mysql.config.js';

const CONNECT_TIMEOUT_MS = 10_000;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'PROTOCOL_CONNECTION_LOST']);

function sslOptions(config: MysqlConfig): mysql.ConnectionOptions['ssl'] {
  if (config.ssl === 'disabled') return undefined;
  if (config.ssl === 'required') return { rejectUnauthorized: false };
  // verify-ca checks the chain but not the host name, like the MySQL client's mode of the same name.
  return { ca: config.sslCa, rejectUnauthorized: true, verifyIdentity: config.ssl === 'verify-identity' };
}

/** Driver errors become Lifeboat errors that name the server and never carry the password. */
export function translateMysqlError(error: unknown, config: MysqlConfig): Error {
  const where = describeServer(config);
  const e = error as { code?: string; errno?: number; message?: string };
  const detail = e.message ?? String(error);
  if (e.code === 'ER_ACCESS_DENIED_ERROR' || e.errno === 1045) {
    return new PermissionError(`${where} refused the login of user '${config.user}': check the user name and password`, { cause: error });
  }
  if (e.code === 'ER_BAD_DB_ERROR') return new NotFoundError(`${where}: ${detail}`, { cause: error });
  if (e.code && UNREACHABLE_CODES.has(e.code)) {
    return new TransientError(`Cannot reach ${where} (${e.code}): check the host, the port and the firewall`, { cause: error });
  }
  if (e.code === 'ER_DBACCESS_DENIED_ERROR' || e.code === 'ER_TABLEACCESS_DENIED_ERROR') {
    return new PermissionError(`${where}: ${detail}`, { cause: error });
  }
  return new LifeboatError(`${where}: ${detail}`, { cause: error });
}

/** Runs `use` on a fresh connection (closed afterwards); honours `signal` by destroying the connection. */
export async function withConnection<T>(config: MysqlConfig, use: (conn: mysql.Connection) => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) throw new CancelledError();
  let conn: mysql.Connection;
  try {
    // The driver loads on first use: a backup spawns the dump tool first and connects beside it.
    const { default: driver } = await import('mysql2/promise');
    conn = await driver.createConnection({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password ?? '',
      ssl: sslOptions(config),
      connectTimeout: CONNECT_TIMEOUT_MS,
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  } catch (error) {
    throw translateMysqlError(error, config);
  }
  const onAbort = () => conn.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await use(conn);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError(undefined, { cause: error });
    throw translateMysqlError(error, config);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await conn.end().catch(() => conn.destroy());
  }
}

/** Backtick-quotes an identifier. */
export function quoteIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
