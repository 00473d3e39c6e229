import { MongoClient } from 'mongodb';
import { CancelledError, LifeboatError, PermissionError, TransientError } from '../../../lib/errors.js';
import { redactUrls } from '../../../lib/redact.js';
import { mongoHosts, uriCredentials, type MongodbConfig } from './mongodb.config.js';

/** Turns a driver error into one of Lifeboat's, naming the hosts and never a credential. */
export function translateMongoError(error: unknown, config: MongodbConfig): Error {
  let message = redactUrls(error instanceof Error ? error.message : String(error));
  for (const secret of [config.password, uriCredentials(config.uri).password]) {
    if (secret) message = message.split(secret).join('[redacted]');
  }
  const at = `MongoDB at ${mongoHosts(config.uri)}`;
  const err = error as { name?: string; code?: number };
  if (err.code === 18 || /authentication failed/i.test(message)) {
    return new PermissionError(`Authentication failed for ${at}: check the user, password and authSource (${message})`, { cause: error });
  }
  if (err.name === 'MongoServerSelectionError' || err.name === 'MongoNetworkError' || /ECONNREFUSED|ENOTFOUND|timed out/i.test(message)) {
    return new TransientError(`Cannot reach ${at}: ${message}. Check hosts, port, TLS options and network.`, { cause: error });
  }
  return new LifeboatError(`${at}: ${message}`, { cause: error });
}

/** Runs `use` with a connected client; aborting closes it and rejects with CancelledError. */
export async function withMongoClient<T>(config: MongodbConfig, use: (client: MongoClient) => Promise<T>, signal?: AbortSignal): Promise<T> {
  if (signal?.aborted) throw new CancelledError();
  const timeout = config.connectTimeoutSeconds * 1000;
  const client = new MongoClient(config.uri, {
    serverSelectionTimeoutMS: timeout,
    connectTimeoutMS: timeout,
    appName: 'lifeboat',
    ...(config.password ? { auth: { username: uriCredentials(config.uri).username, password: config.password } } : {}),
  });
  const onAbort = () => void client.close(true).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    return await use(client);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError('MongoDB request cancelled', { cause: error });
    throw error instanceof LifeboatError ? error : translateMongoError(error, config);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await client.close().catch(() => undefined);
  }
}
