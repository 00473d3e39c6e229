import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { MONGODB_SECRET_FIELDS, mongodbConfigSchema, parseMongodbUrl, type MongodbConfig } from './mongodb.config.js';
import { MongodbSource } from './mongodb.source.js';

export const mongodbPlugin: SourcePlugin<MongodbConfig> = {
  kind: 'mongodb',
  label: 'MongoDB',
  engine: 'mongodb',
  schemes: ['mongodb', 'mongodb+srv'],
  configSchema: mongodbConfigSchema,
  secretFields: MONGODB_SECRET_FIELDS,
  create: (config, deps) => new MongodbSource(config, deps),
  redact: (config) => redactFields(config, MONGODB_SECRET_FIELDS),
  fromUrl: (url) => parseMongodbUrl(url),
};
