import type { AppDatabase } from './schema.js';

/**
 * Every column that holds a value sealed with the system key (`SecretBox`). Key rotation walks this
 * list, so a table that stores secrets must be listed here.
 */
export const SEALED_COLUMNS: { table: keyof AppDatabase; column: string; id: string }[] = [
  { table: 'sources', column: 'secrets', id: 'id' },
  { table: 'destinations', column: 'secrets', id: 'id' },
  { table: 'notification_channels', column: 'secrets', id: 'id' },
  { table: 'auth_secret', column: 'secret', id: 'id' },
  { table: 'sso_providers', column: 'client_secret', id: 'id' },
  { table: 'encryption_profiles', column: 'identity', id: 'id' },
  { table: 'encryption_profiles', column: 'passphrase', id: 'id' },
];
