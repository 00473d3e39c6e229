import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { MONGODB_CAPABILITIES, MONGODB_SECRET_FIELDS, type MongodbConfig, mongodbConfigSchema, parseMongodbUrl } from './mongodb.config.js';

export const mongodbPlugin: SourcePlugin<MongodbConfig> = {
  kind: 'mongodb',
  label: 'MongoDB',
  engine: 'mongodb',
  schemes: ['mongodb', 'mongodb+srv'],
  configSchema: mongodbConfigSchema,
  secretFields: MONGODB_SECRET_FIELDS,
  capabilities: MONGODB_CAPABILITIES,
  create: async (config, deps) => new (await import('./mongodb.source.js')).MongodbSource(config, deps),
  redact: (config) => redactFields(config, MONGODB_SECRET_FIELDS),
  fromUrl: (url) => parseMongodbUrl(url),
};
