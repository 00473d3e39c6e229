import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import type { SourceCapabilities } from '../types.js';

/** What a PostgreSQL source can do, known from the registry without loading the implementation. */
export const POSTGRES_CAPABILITIES: SourceCapabilities = { multiDatabase: true, schemaOnly: true, dataOnly: true, selectiveRestore: true, globals: true };

/** libpq's sslmode values; 'prefer' (libpq's default) tries TLS and falls back to plain. */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

export const postgresConfigSchema = z.object({
  host: z.string().min(1).describe('Host name or IP address'),
  port: z.number().int().min(1).max(65535).default(5432),
  user: z.string().min(1).default('postgres'),
  password: z.string().optional().describe('Password (stored encrypted)'),
  /** Database to connect to for listing and tests; the job chooses which databases are dumped. */
  database: z.string().min(1).default('postgres'),
  sslmode: z.enum(SSL_MODES).default('prefer'),
});

export type PostgresConfig = z.infer<typeof postgresConfigSchema>;

export const POSTGRES_SECRET_FIELDS = ['password'] as const;

/** Reads user, password, host, port, sslmode and the database list from a `postgres://` URL. */
export function parsePostgresUrl(url: URL, defaults: Partial<PostgresConfig> = {}): { config: PostgresConfig; databases: string[] } {
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const sslmode = url.searchParams.get('sslmode') ?? undefined;
  const parsed = postgresConfigSchema.safeParse({
    ...defaults,
    host: decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    ...(url.port ? { port: Number(url.port) } : {}),
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(sslmode ? { sslmode } : {}),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new ValidationError(`Invalid PostgreSQL URL: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return { config: parsed.data, databases: database ? [database] : [] };
}
