import { z } from 'zod';
import { parsePostgresUrl, postgresConfigSchema, type PostgresConfig } from '../postgres/postgres.config.js';

/**
 * A Supabase project: its database URL (direct `db.<ref>.supabase.co:5432` or the pooler
 * `aws-0-<region>.pooler.supabase.com:5432/6543`), TLS required by default, and optionally Storage
 * through its S3-compatible endpoint (`https://<ref>.supabase.co/storage/v1/s3`).
 */
export const supabaseConfigSchema = postgresConfigSchema.extend({
  sslmode: postgresConfigSchema.shape.sslmode.unwrap().default('require'),
  includeManagedSchemas: z.boolean().default(false).describe('Also dump auth, storage, realtime and the other platform schemas'),
  storageEndpoint: z.url().optional().describe('Storage S3 endpoint; set it to back up Storage buckets'),
  storageRegion: z.string().min(1).default('us-east-1'),
  storageAccessKeyId: z.string().optional(),
  storageSecretAccessKey: z.string().optional().describe('Storage S3 secret key (stored encrypted)'),
  storageBuckets: z.array(z.string().min(1)).default([]).describe('Buckets to back up; empty means all'),
});

export type SupabaseConfig = z.infer<typeof supabaseConfigSchema>;

export const SUPABASE_SECRET_FIELDS = ['password', 'storageSecretAccessKey'] as const;

/** `supabase://user:pass@host:port/db` reads like a postgres URL with Supabase's defaults. */
export function parseSupabaseUrl(url: URL): { config: SupabaseConfig; databases: string[] } {
  const { config, databases } = parsePostgresUrl(url, { sslmode: 'require' });
  return { config: supabaseConfigSchema.parse(config), databases };
}

export function postgresPart(config: SupabaseConfig): PostgresConfig {
  const { host, port, user, password, database, sslmode } = config;
  return { host, port, user, password, database, sslmode };
}
