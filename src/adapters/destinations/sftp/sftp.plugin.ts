import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import type { DestinationPlugin } from '../types.js';

export const sftpConfigSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    password: z.string().min(1).optional(),
    privateKey: z.string().min(1).optional().describe('OpenSSH or PEM private key text'),
    passphrase: z.string().min(1).optional(),
    path: z.string().min(1).default('.').describe('Folder on the server; relative paths start at the login folder'),
    hostKeyFingerprint: z
      .string()
      .regex(/^(SHA256:)?[A-Za-z0-9+/]{43}=?$/, 'must look like SHA256:<43 base64 characters>, as ssh-keygen -lf prints')
      .optional()
      .describe('Pinned host key; recorded on the first successful test when empty'),
  })
  .refine((c) => c.password || c.privateKey, { message: 'a password or a private key is required', path: ['password'] });

export type SftpConfig = z.infer<typeof sftpConfigSchema>;

const SECRETS = ['password', 'privateKey', 'passphrase'] as const;

export const sftpDestinationPlugin: DestinationPlugin<SftpConfig> = {
  kind: 'sftp',
  label: 'SFTP server',
  configSchema: sftpConfigSchema,
  secretFields: SECRETS,
  create: async (config, deps) => new (await import('./sftp.destination.js')).SftpDestination(config, deps.logger),
  redact: (config) => redactFields(config, SECRETS),
};
