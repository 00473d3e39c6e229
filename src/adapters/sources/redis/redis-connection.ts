import { Redis } from 'ioredis';
import { LifeboatError, PermissionError, TransientError } from '../../../lib/errors.js';
import { describeServer, type RedisConfig } from './redis.config.js';

const CONNECT_TIMEOUT_MS = 10_000;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

/** Driver errors become Lifeboat errors naming the server; Redis never echoes the password in its replies. */
export function translateRedisError(error: unknown, config: RedisConfig): Error {
  if (error instanceof LifeboatError) return error;
  const where = describeServer(config);
  const message = error instanceof Error ? error.message : String(error);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username-password/i.test(message)) {
    return new PermissionError(`${where} refused the login${config.username ? ` of user '${config.username}'` : ''}: check the user name and password`, { cause: error });
  }
  if (/NOPERM/.test(message)) return new PermissionError(`${where}: ${message}`, { cause: error });
  const code = (error as { code?: string }).code;
  if ((code && NETWORK_CODES.has(code)) || /Connection is closed|connect ETIMEDOUT|Stream isn't writeable/i.test(message)) {
    return new TransientError(`Cannot reach ${where} (${code ?? message}): check the host, the port and TLS`, { cause: error });
  }
  return new LifeboatError(`${where}: ${message}`, { cause: error });
}

/**
 * A connection to one logical database. No reconnection and no offline queue: a dropped connection fails the
 * backup or restore instead of hanging or silently replaying commands.
 */
export async function connectRedis(config: RedisConfig, db: number): Promise<Redis> {
  const client = new Redis({
    host: config.host,
    port: config.port,
    username: config.username || undefined,
    password: config.password || undefined,
    db,
    tls: config.tls ? { ca: config.tlsCa, servername: config.host } : undefined,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error; // reported through the failing command or connect()
  });
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.disconnect();
    throw translateRedisError(lastError ?? error, config);
  }
}

export async function withRedis<T>(config: RedisConfig, db: number, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = await connectRedis(config, db);
  try {
    return await use(client);
  } catch (error) {
    throw translateRedisError(error, config);
  } finally {
    client.disconnect();
  }
}

/** `INFO` sections as key/value pairs. */
export function parseInfo(text: string): Map<string, string> {
  const entries = text
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)] as [string, string]);
  return new Map(entries);
}

/** Logical databases that hold keys, from `INFO keyspace` (`db3:keys=12,expires=0,...`). */
export function keyspace(info: Map<string, string>): { db: number; keys: number }[] {
  return [...info.entries()]
    .filter(([key]) => /^db\d+$/.test(key))
    .map(([key, value]) => ({ db: Number(key.slice(2)), keys: Number(/keys=(\d+)/.exec(value)?.[1] ?? 0) }))
    .filter((entry) => entry.keys > 0)
    .sort((a, b) => a.db - b.db);
}
