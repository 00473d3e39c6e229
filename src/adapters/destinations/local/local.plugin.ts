import path from 'node:path';
import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

export const localConfigSchema = z.object({
  path: z
    .string()
    .min(1)
    .refine((value) => path.isAbsolute(value), 'must be an absolute path')
    .describe('Folder on this machine (or a mounted share) where backups are written'),
});

export type LocalConfig = z.infer<typeof localConfigSchema>;

export const localDestinationPlugin: DestinationPlugin<LocalConfig> = {
  kind: 'local',
  label: 'Local folder',
  configSchema: localConfigSchema,
  secretFields: [],
  create: async (config) => new (await import('./local.destination.js')).LocalDestination(path.resolve(config.path)),
  redact: (config) => redactFields(config, []),
};
