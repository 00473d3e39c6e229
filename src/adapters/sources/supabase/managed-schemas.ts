/**
 * Schemas the Supabase platform creates and manages. A restore into a Supabase project finds them already
 * there (and restoring them over the platform's own would fail or break it), so dumps leave them out
 * unless `includeManagedSchemas` is set. Keep README.md in step with this list.
 */
export const SUPABASE_MANAGED_SCHEMAS = [
  'auth',
  'storage',
  'realtime',
  '_realtime',
  'extensions',
  'graphql',
  'graphql_public',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'supabase_functions',
  'supabase_migrations',
  'net',
  'pgbouncer',
  'cron',
  '_analytics',
  '_supavisor',
  'pgtle',
] as const;

/** Databases on a Supabase server that belong to the platform, not to the project. */
export const SUPABASE_INTERNAL_DATABASES = ['_supabase'] as const;
