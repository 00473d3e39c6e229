import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SecretBox } from '../../config/secret-box.js';
import type { AppDatabase } from '../../db/schema.js';

const ROW_ID = 'better-auth';

/**
 * The secret that signs session cookies and seals TOTP secrets. Random, created once, stored sealed
 * with the system key (listed in sealed-columns, so key rotation re-seals it and 2FA keeps working).
 */
export async function loadAuthSecret(db: Kysely<AppDatabase>, box: SecretBox): Promise<string> {
  const row = await db.selectFrom('auth_secret').select('secret').where('id', '=', ROW_ID).executeTakeFirst();
  if (row) return box.decrypt(row.secret);
  const secret = randomBytes(32).toString('base64url');
  await db
    .insertInto('auth_secret')
    .values({ id: ROW_ID, secret: box.encrypt(secret) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Another process may have won the race: read back what is stored.
  const stored = await db.selectFrom('auth_secret').select('secret').where('id', '=', ROW_ID).executeTakeFirstOrThrow();
  return box.decrypt(stored.secret);
}
