import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../../../lib/errors.js';
import type { SourceCapabilities } from '../types.js';

/** What a SQLite source can do, known from the registry without loading the implementation. */
export const SQLITE_CAPABILITIES: SourceCapabilities = { multiDatabase: false, schemaOnly: false, dataOnly: false, selectiveRestore: false, globals: false };

export const sqliteConfigSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine((value) => path.isAbsolute(value), 'must be an absolute path')
    .describe('Absolute path of the live database file'),
});

export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;

/** `sqlite:///abs/path.db` (three slashes: empty host, absolute path). */
export function sqliteConfigFromUrl(url: URL): { config: SqliteConfig; databases: string[] } {
  if (url.hostname) throw new ValidationError(`SQLite URLs take no host: use sqlite:///absolute/path.db (got host '${url.hostname}')`);
  const parsed = sqliteConfigSchema.safeParse({ path: decodeURIComponent(url.pathname) });
  if (!parsed.success) throw new ValidationError(`Invalid SQLite URL: the path ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return { config: parsed.data, databases: [] };
}
