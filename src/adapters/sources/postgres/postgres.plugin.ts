import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { parsePostgresUrl, POSTGRES_SECRET_FIELDS, postgresConfigSchema, type PostgresConfig } from './postgres.config.js';
import { PostgresSource } from './postgres.source.js';

export const postgresPlugin: SourcePlugin<PostgresConfig> = {
  kind: 'postgres',
  label: 'PostgreSQL',
  engine: 'postgres',
  schemes: ['postgres', 'postgresql'],
  configSchema: postgresConfigSchema,
  secretFields: POSTGRES_SECRET_FIELDS,
  create: (config, deps) => new PostgresSource(config, deps),
  redact: (config) => redactFields(config, POSTGRES_SECRET_FIELDS),
  fromUrl: (url) => parsePostgresUrl(url),
};
