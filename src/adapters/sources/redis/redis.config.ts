import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import type { SourceCapabilities } from '../types.js';

/** What a Redis source can do, known from the registry without loading the implementation. */
export const REDIS_CAPABILITIES: SourceCapabilities = { multiDatabase: true, schemaOnly: false, dataOnly: false, selectiveRestore: false, globals: false };

export const redisConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(6379),
  username: z.string().optional().describe('ACL user (Redis 6+); empty for the default user'),
  password: z.string().optional().describe('Stored encrypted'),
  tls: z.boolean().default(false),
  tlsCa: z.string().optional().describe('CA certificate (PEM) to verify the server with'),
  db: z.number().int().min(0).optional().describe('One logical database; empty for every database that has keys'),
});

export type RedisConfig = z.infer<typeof redisConfigSchema>;

export const REDIS_SECRET_FIELDS = ['password'] as const;

/** `redis://[user:pass@]host[:port][/db]`; `rediss://` turns TLS on. The db is returned apart. */
export function redisConfigFromUrl(url: URL): { config: RedisConfig; databases: string[] } {
  const dbPart = url.pathname.replace(/^\/+|\/+$/g, '');
  if (dbPart && !/^\d+$/.test(dbPart)) throw new ValidationError(`Invalid Redis URL: the path must be a database number, got '${dbPart}'`);
  const parsed = redisConfigSchema.safeParse({
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:',
  });
  if (!parsed.success) throw new ValidationError(`Invalid Redis URL: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { config: parsed.data, databases: dbPart ? [dbPart] : [] };
}

export function parseDbIndex(value: string): number {
  if (!/^\d+$/.test(value)) throw new ValidationError(`A Redis database is a number (0, 1, ...), not '${value}'`);
  return Number(value);
}

export function describeServer(config: RedisConfig): string {
  return `Redis at ${config.host}:${config.port}`;
}
