import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { parsePostgresUrl, POSTGRES_CAPABILITIES, POSTGRES_SECRET_FIELDS, type PostgresConfig, postgresConfigSchema } from './postgres.config.js';

export const postgresPlugin: SourcePlugin<PostgresConfig> = {
  kind: 'postgres',
  label: 'PostgreSQL',
  engine: 'postgres',
  schemes: ['postgres', 'postgresql'],
  configSchema: postgresConfigSchema,
  secretFields: POSTGRES_SECRET_FIELDS,
  capabilities: POSTGRES_CAPABILITIES,
  create: async (config, deps) => new (await import('./postgres.source.js')).PostgresSource(config, deps),
  redact: (config) => redactFields(config, POSTGRES_SECRET_FIELDS),
  fromUrl: (url) => parsePostgresUrl(url),
};
