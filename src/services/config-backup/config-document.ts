import { z } from 'zod';

/**
 * Lifeboat's configuration as one portable JSON document, for disaster recovery and moving installs.
 * References between objects are by name (ids differ between installs). Secrets are included only when
 * the whole document is encrypted (age); otherwise secret fields hold the redaction marker.
 */
export const CONFIG_FORMAT_VERSION = 1;

const configured = z.object({ name: z.string(), kind: z.string(), config: z.record(z.string(), z.unknown()) });

export const configDocumentSchema = z.object({
  lifeboatConfig: z.literal(CONFIG_FORMAT_VERSION),
  lifeboatVersion: z.string(),
  exportedAt: z.string(),
  withSecrets: z.boolean(),
  sources: z.array(configured.extend({ environment: z.string().nullable(), active: z.boolean() })),
  destinations: z.array(configured),
  notificationChannels: z.array(configured),
  jobs: z.array(
    z.looseObject({
      name: z.string(),
      source: z.string(),
      destinations: z.array(z.string()),
      encryptionProfile: z.string().nullable(),
      notificationChannels: z.array(z.object({ channel: z.string(), on: z.enum(['failure', 'always']) })),
    }),
  ),
  settings: z.record(z.string(), z.unknown()),
});

export type ConfigDocument = z.infer<typeof configDocumentSchema>;

/** Settings that describe this installation's own state, not configuration worth carrying over. */
export const LOCAL_SETTINGS = ['system_key_check', 'auth_secret'];
