import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { MYSQL_SECRET_FIELDS, mysqlConfigFromUrl, mysqlConfigSchema, type MysqlConfig } from './mysql.config.js';
import { MysqlSource } from './mysql.source.js';

export const mysqlSourcePlugin: SourcePlugin<MysqlConfig> = {
  kind: 'mysql',
  label: 'MySQL / MariaDB',
  engine: 'mysql',
  schemes: ['mysql', 'mariadb'],
  configSchema: mysqlConfigSchema,
  secretFields: MYSQL_SECRET_FIELDS,
  create: (config) => new MysqlSource(config),
  redact: (config) => redactFields(config, MYSQL_SECRET_FIELDS),
  fromUrl: mysqlConfigFromUrl,
};
