import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { parseSupabaseUrl, SUPABASE_SECRET_FIELDS, supabaseConfigSchema, type SupabaseConfig } from './supabase.config.js';
import { SupabaseSource } from './supabase.source.js';

export const supabasePlugin: SourcePlugin<SupabaseConfig> = {
  kind: 'supabase',
  label: 'Supabase project',
  engine: 'postgres',
  schemes: ['supabase'],
  configSchema: supabaseConfigSchema,
  secretFields: SUPABASE_SECRET_FIELDS,
  create: (config, deps) => new SupabaseSource(config, deps),
  redact: (config) => redactFields(config, SUPABASE_SECRET_FIELDS),
  fromUrl: (url) => parseSupabaseUrl(url),
};
