import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { REDIS_CAPABILITIES, REDIS_SECRET_FIELDS, type RedisConfig, redisConfigFromUrl, redisConfigSchema } from './redis.config.js';

export const redisSourcePlugin: SourcePlugin<RedisConfig> = {
  kind: 'redis',
  label: 'Redis / Valkey',
  engine: 'redis',
  schemes: ['redis', 'rediss'],
  configSchema: redisConfigSchema,
  secretFields: REDIS_SECRET_FIELDS,
  capabilities: REDIS_CAPABILITIES,
  create: async (config) => new (await import('./redis.source.js')).RedisSource(config),
  redact: (config) => redactFields(config, REDIS_SECRET_FIELDS),
  fromUrl: redisConfigFromUrl,
};
