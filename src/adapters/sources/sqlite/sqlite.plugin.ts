import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { SQLITE_CAPABILITIES, type SqliteConfig, sqliteConfigFromUrl, sqliteConfigSchema } from './sqlite.config.js';

export const sqliteSourcePlugin: SourcePlugin<SqliteConfig> = {
  kind: 'sqlite',
  label: 'SQLite',
  engine: 'sqlite',
  schemes: ['sqlite'],
  configSchema: sqliteConfigSchema,
  secretFields: [],
  capabilities: SQLITE_CAPABILITIES,
  create: async (config) => new (await import('./sqlite.source.js')).SqliteSource(config),
  redact: (config) => redactFields(config, []),
  fromUrl: sqliteConfigFromUrl,
};
