import { buildRegistry } from '../plugin.js';
import type { SourcePlugin } from './types.js';
import { postgresPlugin } from './postgres/postgres.plugin.js';

/** Every source adapter, listed explicitly. */
export const SOURCE_PLUGINS: readonly SourcePlugin<never>[] = [
  postgresPlugin as SourcePlugin<never>,
];

export const sourceRegistry = buildRegistry('source', SOURCE_PLUGINS);
