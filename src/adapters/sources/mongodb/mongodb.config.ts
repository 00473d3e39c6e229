import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import type { SourceCapabilities } from '../types.js';

/** What a MongoDB source can do, known from the registry without loading the implementation. */
export const MONGODB_CAPABILITIES: SourceCapabilities = { multiDatabase: true, schemaOnly: false, dataOnly: false, selectiveRestore: true, globals: false };

export const mongodbConfigSchema = z.object({
  /** The whole connection string, credentials and options included (`tls=true`, `authSource`, `replicaSet`…). */
  uri: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').describe('Connection string (stored encrypted)'),
  /** A password kept apart from the URI (for example read from --password-file). */
  password: z.string().optional().describe('Password, if not in the connection string (stored encrypted)'),
  connectTimeoutSeconds: z.number().int().min(1).max(60).default(8),
});

export type MongodbConfig = z.infer<typeof mongodbConfigSchema>;

export const MONGODB_SECRET_FIELDS = ['uri', 'password'] as const;

/** System databases never offered for backup (`admin` holds users and roles, dumped with a whole-server dump). */
export const MONGODB_SYSTEM_DATABASES = ['admin', 'local', 'config'];

/** `host1:27017,host2:27017` from a connection string, for error messages (no credentials, no options). */
export function mongoHosts(uri: string): string {
  const afterScheme = uri.replace(/^mongodb(\+srv)?:\/\//, '');
  return afterScheme.slice(afterScheme.lastIndexOf('@', afterScheme.search(/[/?]|$/)) + 1).split(/[/?]/)[0] ?? '';
}

/**
 * The URL's path names the database to back up; tools get it as --db. In a MongoDB URI that path is also
 * the default authSource, so it is kept as an explicit authSource when none is given.
 */
export function parseMongodbUrl(url: URL): { config: MongodbConfig; databases: string[] } {
  const raw = url.href;
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)\/?([^?]*)(\?.*)?$/.exec(raw);
  if (!match) throw new ValidationError('Invalid MongoDB URL: expected mongodb://[user:pass@]host[:port][/database][?options]');
  const [, base, path, query = ''] = match;
  const database = decodeURIComponent(path ?? '');
  const params = new URLSearchParams(query.slice(1));
  if (database && !params.has('authSource')) params.set('authSource', database);
  const search = params.toString();
  const config = mongodbConfigSchema.parse({ uri: `${base}/${search ? `?${search}` : ''}` });
  return { config, databases: database ? [database] : [] };
}

/** User and password written in a connection string's `user:pass@` part, decoded. */
export function uriCredentials(uri: string): { username?: string; password?: string } {
  const userinfo = /^mongodb(?:\+srv)?:\/\/([^@/?]*)@/.exec(uri)?.[1];
  if (!userinfo) return {};
  const colon = userinfo.indexOf(':');
  const decode = (value: string) => decodeURIComponent(value);
  return colon < 0 ? { username: decode(userinfo) } : { username: decode(userinfo.slice(0, colon)), password: decode(userinfo.slice(colon + 1)) };
}
