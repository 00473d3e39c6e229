import { redactFields } from '../../plugin.js';
import { POSTGRES_CAPABILITIES } from '../postgres/postgres.config.js';
import type { SourcePlugin } from '../types.js';
import { parseSupabaseUrl, SUPABASE_SECRET_FIELDS, supabaseConfigSchema, type SupabaseConfig } from './supabase.config.js';

export const supabasePlugin: SourcePlugin<SupabaseConfig> = {
  kind: 'supabase',
  label: 'Supabase project',
  engine: 'postgres',
  schemes: ['supabase'],
  configSchema: supabaseConfigSchema,
  secretFields: SUPABASE_SECRET_FIELDS,
  capabilities: POSTGRES_CAPABILITIES,
  create: async (config, deps) => new (await import('./supabase.source.js')).SupabaseSource(config, deps),
  redact: (config) => redactFields(config, SUPABASE_SECRET_FIELDS),
  fromUrl: (url) => parseSupabaseUrl(url),
};
