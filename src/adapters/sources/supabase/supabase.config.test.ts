import { describe, expect, it } from 'vitest';
import { parseSupabaseUrl } from './supabase.config.js';
import { supabasePlugin } from './supabase.plugin.js';
import { pgDumpArgs } from '../postgres/postgres.args.js';
import { SUPABASE_MANAGED_SCHEMAS } from './managed-schemas.js';

describe('supabase config', () => {
  it('reads a pooler URL with TLS required by default', () => {
    const { config, databases } = parseSupabaseUrl(new URL('supabase://postgres.abcd:p%40ss@aws-0-eu-central-1.pooler.supabase.com:6543/postgres'));
    expect(config).toMatchObject({ host: 'aws-0-eu-central-1.pooler.supabase.com', port: 6543, user: 'postgres.abcd', password: 'p@ss', sslmode: 'require', includeManagedSchemas: false });
    expect(databases).toEqual(['postgres']);
    expect(parseSupabaseUrl(new URL('supabase://db.abcd.supabase.co?sslmode=verify-full')).config.sslmode).toBe('verify-full');
  });

  it('redacts the database password and the Storage secret key', () => {
    const { config } = parseSupabaseUrl(new URL('supabase://u:pw@h/postgres'));
    const redacted = supabasePlugin.redact({ ...config, storageAccessKeyId: 'id', storageSecretAccessKey: 'sk' });
    expect(redacted).toMatchObject({ password: '[redacted]', storageSecretAccessKey: '[redacted]', storageAccessKeyId: 'id' });
  });

  it('excludes every managed schema from pg_dump', () => {
    const args = pgDumpArgs('postgres', 'full', SUPABASE_MANAGED_SCHEMAS);
    for (const schema of ['auth', 'storage', 'realtime', 'vault', 'graphql_public', 'supabase_migrations']) {
      expect(args).toContain(`--exclude-schema="${schema}"`);
    }
  });
});
