import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

export const ftpConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65_535).optional().describe('21, or 990 for implicit TLS'),
  user: z.string().min(1).default('anonymous'),
  password: z.string().optional(),
  path: z.string().min(1).default('/').describe('Folder on the server'),
  secure: z.union([z.literal(false), z.literal('explicit'), z.literal('implicit')]).default(false)
    .describe('false = plain FTP; "explicit" = AUTH TLS on the normal port (FTPS); "implicit" = TLS from the start'),
  /** basic-ftp only speaks passive mode (PASV/EPSV), which also works through NAT and firewalls. */
  passive: z.literal(true).default(true),
  caCertificate: z.string().optional().describe('PEM certificate to trust (for a self-signed server certificate)'),
  rejectUnauthorized: z.boolean().default(true).describe('Turn off only for testing: skips TLS certificate checks'),
});

export type FtpConfig = z.infer<typeof ftpConfigSchema>;

const SECRETS = ['password'] as const;

export const ftpDestinationPlugin: DestinationPlugin<FtpConfig> = {
  kind: 'ftp',
  label: 'FTP / FTPS server',
  configSchema: ftpConfigSchema,
  secretFields: SECRETS,
  create: async (config) => new (await import('./ftp.destination.js')).FtpDestination(config),
  redact: (config) => redactFields(config, SECRETS),
};
