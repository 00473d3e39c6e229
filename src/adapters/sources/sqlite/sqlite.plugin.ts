import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { sqliteConfigFromUrl, sqliteConfigSchema, type SqliteConfig } from './sqlite.config.js';
import { SqliteSource } from './sqlite.source.js';

export const sqliteSourcePlugin: SourcePlugin<SqliteConfig> = {
  kind: 'sqlite',
  label: 'SQLite',
  engine: 'sqlite',
  schemes: ['sqlite'],
  configSchema: sqliteConfigSchema,
  secretFields: [],
  create: (config) => new SqliteSource(config),
  redact: (config) => redactFields(config, []),
  fromUrl: sqliteConfigFromUrl,
};
