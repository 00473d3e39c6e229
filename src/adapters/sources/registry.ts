import { buildRegistry } from '../plugin.js';
import type { SourcePlugin } from './types.js';
import { postgresPlugin } from './postgres/postgres.plugin.js';
import { supabasePlugin } from './supabase/supabase.plugin.js';
import { mongodbPlugin } from './mongodb/mongodb.plugin.js';
import { mysqlSourcePlugin } from './mysql/mysql.plugin.js';
import { sqliteSourcePlugin } from './sqlite/sqlite.plugin.js';
import { redisSourcePlugin } from './redis/redis.plugin.js';

/** Every source adapter, listed explicitly. */
export const SOURCE_PLUGINS: readonly SourcePlugin<never>[] = [
  postgresPlugin as SourcePlugin<never>,
  supabasePlugin as SourcePlugin<never>,
  mongodbPlugin as SourcePlugin<never>,
  mysqlSourcePlugin as SourcePlugin<never>,
  sqliteSourcePlugin as SourcePlugin<never>,
  redisSourcePlugin as SourcePlugin<never>,
];

export const sourceRegistry = buildRegistry('source', SOURCE_PLUGINS);
