import { redactFields } from '../../plugin.js';
import type { SourcePlugin } from '../types.js';
import { REDIS_SECRET_FIELDS, redisConfigFromUrl, redisConfigSchema, type RedisConfig } from './redis.config.js';
import { RedisSource } from './redis.source.js';

export const redisSourcePlugin: SourcePlugin<RedisConfig> = {
  kind: 'redis',
  label: 'Redis / Valkey',
  engine: 'redis',
  schemes: ['redis', 'rediss'],
  configSchema: redisConfigSchema,
  secretFields: REDIS_SECRET_FIELDS,
  create: (config) => new RedisSource(config),
  redact: (config) => redactFields(config, REDIS_SECRET_FIELDS),
  fromUrl: redisConfigFromUrl,
};
