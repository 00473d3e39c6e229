import type pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { CancelledError, LifeboatError, PermissionError, TransientError } from '../../../lib/errors.js';
import type { PostgresConfig } from './postgres.config.js';
import { loadPgDriver } from './pg-driver.js';

export const CONNECT_TIMEOUT_SECONDS = 10;

/** node-postgres has no 'prefer': these modes try TLS first and fall back to a plain connection. */
const TRY_TLS_FIRST = new Set(['prefer', 'allow']);

function sslOptions(config: PostgresConfig, useTls: boolean): false | ConnectionOptions {
  if (!useTls || config.sslmode === 'disable') return false;
  // libpq semantics: require encrypts without checking the certificate; verify-ca checks the chain only.
  if (config.sslmode === 'verify-full') return { rejectUnauthorized: true };
  if (config.sslmode === 'verify-ca') return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: false };
}

function where(config: PostgresConfig, database: string): string {
  return `PostgreSQL at ${config.host}:${config.port} (user ${config.user}, database ${database})`;
}

/** Turns a driver error into one of Lifeboat's, naming the server but never the password. */
export function translatePgError(error: unknown, config: PostgresConfig, database: string): Error {
  const err = error as { code?: string; message?: string };
  let message = String(err.message ?? error);
  if (config.password) message = message.split(config.password).join('[redacted]');
  const at = where(config, database);
  if (err.code === '28P01' || err.code === '28000') {
    return new PermissionError(`Authentication failed for ${at}: check the user and password (${message})`, { cause: error });
  }
  if (err.code === '3D000') return new LifeboatError(`Database not found on ${at}: ${message}`, { cause: error });
  if (err.code === '57014') return new TransientError(`Query timed out on ${at}: ${message}`, { cause: error });
  if (['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(err.code ?? '') || /timeout/i.test(message)) {
    return new TransientError(`Cannot reach ${at}: ${message}. Check host, port and network.`, { cause: error });
  }
  return new LifeboatError(`${at}: ${message}`, { cause: error });
}

async function connectOnce(config: PostgresConfig, database: string, useTls: boolean): Promise<pg.Client> {
  const driver = await loadPgDriver();
  const client = new driver.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password ?? '',
    database,
    ssl: sslOptions(config, useTls),
    connectionTimeoutMillis: CONNECT_TIMEOUT_SECONDS * 1000,
    application_name: 'lifeboat',
  });
  client.on('error', () => undefined); // a dropped connection surfaces through the pending query instead
  await client.connect();
  return client;
}

async function connect(config: PostgresConfig, database: string): Promise<pg.Client> {
  if (!TRY_TLS_FIRST.has(config.sslmode)) return connectOnce(config, database, config.sslmode !== 'disable');
  try {
    return await connectOnce(config, database, true);
  } catch (error) {
    if (/does not support SSL/i.test(String((error as Error).message))) return connectOnce(config, database, false);
    throw error;
  }
}

/** A connection and the way to give it back: a caller's own, or one shared by callers that overlap. */
interface Lease {
  client: Promise<pg.Client>;
  release(): Promise<void>;
}

const endClient = (client: Promise<pg.Client>) => client.then((c) => c.end(), () => undefined).catch(() => undefined);

function ownLease(config: PostgresConfig, database: string): Lease {
  const client = connect(config, database);
  return { client, release: () => endClient(client) };
}

interface SharedConnection {
  client: Promise<pg.Client>;
  users: number;
}

/** Shared connections by source configuration and database, while someone uses them. */
const shared = new WeakMap<PostgresConfig, Map<string, SharedConnection>>();

function sharedLease(config: PostgresConfig, database: string): Lease {
  const byDatabase = shared.get(config) ?? new Map<string, SharedConnection>();
  shared.set(config, byDatabase);
  const entry = byDatabase.get(database) ?? { client: connect(config, database), users: 0 };
  byDatabase.set(database, entry);
  entry.users += 1;
  return {
    client: entry.client,
    release: async () => {
      entry.users -= 1;
      if (entry.users > 0) return;
      byDatabase.delete(database);
      await endClient(entry.client);
    },
  };
}

/**
 * Runs `use` with a connected client; aborting closes the connection and rejects with CancelledError.
 * With `share`, callers that overlap on the same source and database use one connection, closed when the last
 * one is done: a backup's connection test and its row estimates then cost the server one backend start, not
 * two (or four, when sslmode=prefer first tries TLS). Only for single statements: a transaction needs its own.
 * An abort ends the shared connection for all of them (a backup's readers share its signal).
 */
export async function withPgClient<T>(
  config: PostgresConfig,
  database: string,
  use: (client: pg.Client) => Promise<T>,
  signal?: AbortSignal,
  { share = false }: { share?: boolean } = {},
): Promise<T> {
  if (signal?.aborted) throw new CancelledError();
  const lease = share ? sharedLease(config, database) : ownLease(config, database);
  const onAbort = () => void endClient(lease.client);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const client = await lease.client;
    if (signal?.aborted) throw new CancelledError();
    return await use(client);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError('PostgreSQL query cancelled', { cause: error });
    throw error instanceof LifeboatError ? error : translatePgError(error, config, database);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await lease.release();
  }
}

/**
 * Keeps libpq away from the pgpass file of the account Lifeboat runs under. A path that can never exist (a
 * file below a device): libpq silently skips a password file it cannot stat, whereas for /dev/null itself it
 * prints 'WARNING: password file "/dev/null" is not a plain file' into every tool's error output.
 */
export const NO_PASSWORD_FILE = '/dev/null/pgpass';

/** Environment for libpq tools: the password stays out of argv, timeouts match the driver's. */
export function toolEnv(config: PostgresConfig): Record<string, string | undefined> {
  return {
    PGHOST: config.host,
    PGPORT: String(config.port),
    PGUSER: config.user,
    PGPASSWORD: config.password || undefined,
    PGSSLMODE: config.sslmode,
    PGCONNECT_TIMEOUT: String(CONNECT_TIMEOUT_SECONDS),
    PGAPPNAME: 'lifeboat',
    PGPASSFILE: NO_PASSWORD_FILE,
  };
}
