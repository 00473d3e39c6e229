import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import type { SourceCapabilities } from '../types.js';

/** What a MySQL/MariaDB source can do, known from the registry without loading the implementation. */
export const MYSQL_CAPABILITIES: SourceCapabilities = { multiDatabase: true, schemaOnly: true, dataOnly: true, selectiveRestore: false, globals: false };

/**
 * TLS modes, named like MySQL's `--ssl-mode`. `disabled` is the default because MariaDB's own client
 * tools (10.x) do not use TLS unless asked, and a half-configured TLS would fail confusingly.
 */
export const MYSQL_SSL_MODES = ['disabled', 'required', 'verify-ca', 'verify-identity'] as const;

export const mysqlConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1').describe('Host name or IP address'),
  port: z.number().int().min(1).max(65535).default(3306),
  user: z.string().min(1).default('root'),
  password: z.string().optional().describe('Stored encrypted; given to the tools through a 0600 option file'),
  ssl: z.enum(MYSQL_SSL_MODES).default('disabled').describe('TLS to the server'),
  sslCa: z.string().optional().describe('CA certificate (PEM) used by verify-ca and verify-identity'),
});

export type MysqlConfig = z.infer<typeof mysqlConfigSchema>;

export const MYSQL_SECRET_FIELDS = ['password'] as const;

/** `mysql://user:pass@host:port/db?ssl=required` (or `mariadb://`); the path names databases to back up. */
export function mysqlConfigFromUrl(url: URL): { config: MysqlConfig; databases: string[] } {
  const ssl = url.searchParams.get('ssl') ?? url.searchParams.get('ssl-mode') ?? undefined;
  const parsed = mysqlConfigSchema.safeParse({
    host: url.hostname || undefined,
    port: url.port ? Number(url.port) : undefined,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    ssl: ssl?.toLowerCase(),
  });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ValidationError(`Invalid MySQL/MariaDB URL: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const databases = url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
  return { config: parsed.data, databases };
}

export function describeServer(config: MysqlConfig): string {
  return `MySQL/MariaDB at ${config.host}:${config.port}`;
}
