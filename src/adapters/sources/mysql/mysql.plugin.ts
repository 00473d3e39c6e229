import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { MYSQL_CAPABILITIES, MYSQL_SECRET_FIELDS, type MysqlConfig, mysqlConfigFromUrl, mysqlConfigSchema } from './mysql.config.js';

export const mysqlSourcePlugin: SourcePlugin<MysqlConfig> = {
  kind: 'mysql',
  label: 'MySQL / MariaDB',
  engine: 'mysql',
  schemes: ['mysql', 'mariadb'],
  configSchema: mysqlConfigSchema,
  secretFields: MYSQL_SECRET_FIELDS,
  capabilities: MYSQL_CAPABILITIES,
  create: async (config) => new (await import('./mysql.source.js')).MysqlSource(config),
  redact: (config) => redactFields(config, MYSQL_SECRET_FIELDS),
  fromUrl: mysqlConfigFromUrl,
};
