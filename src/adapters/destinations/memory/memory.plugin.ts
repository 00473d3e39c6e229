import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

const configSchema = z.object({}).strict();

/**
 * For tests and wiring checks only: deliberately NOT in DESTINATION_PLUGINS, since backups kept in
 * process memory vanish on restart.
 */
export const memoryDestinationPlugin: DestinationPlugin<z.infer<typeof configSchema>> = {
  kind: 'memory',
  label: 'In-memory (tests)',
  configSchema,
  secretFields: [],
  create: async () => new (await import('./memory.destination.js')).MemoryDestination(),
  redact: (config) => redactFields(config, []),
};
