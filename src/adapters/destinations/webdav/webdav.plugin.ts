import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

export const webdavConfigSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .describe('Folder URL, e.g. https://cloud.example.com/remote.php/dav/files/alice/backups'),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
});

export type WebdavConfig = z.infer<typeof webdavConfigSchema>;

const SECRETS = ['password'] as const;

export const webdavDestinationPlugin: DestinationPlugin<WebdavConfig> = {
  kind: 'webdav',
  label: 'WebDAV (Nextcloud, ownCloud...)',
  configSchema: webdavConfigSchema,
  secretFields: SECRETS,
  create: async (config) => new (await import('./webdav.destination.js')).WebdavDestination(config),
  redact: (config) => redactFields(config, SECRETS),
};
