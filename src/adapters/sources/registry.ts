import { buildRegistry } from '../plugin.js';
import type { SourcePlugin } from './types.js';
import { postgresPlugin } from './postgres/postgres.plugin.js';
import { supabasePlugin } from './supabase/supabase.plugin.js';
import { mongodbPlugin } from './mongodb/mongodb.plugin.js';

/** Every source adapter, listed explicitly. */
export const SOURCE_PLUGINS: readonly SourcePlugin<never>[] = [
  postgresPlugin as SourcePlugin<never>,
  supabasePlugin as SourcePlugin<never>,
  mongodbPlugin as SourcePlugin<never>,
];

export const sourceRegistry = buildRegistry('source', SOURCE_PLUGINS);
