import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { SecretBox } from '../config/secret-box.js';
import { SYSTEM_KEY_FILE, generateSystemKey, parseSystemKey } from '../config/system-key.js';
import { ConfigError } from '../lib/errors.js';
import { SEALED_COLUMNS } from '../db/sealed-columns.js';
import type { AppDatabase } from '../db/schema.js';

const CHECK_KEY = 'system_key_check';
const CHECK_TEXT = 'lifeboat-system-key-check';
const PENDING_KEY_FILE = `${SYSTEM_KEY_FILE}.new`;

/**
 * Proves the running key is the one that sealed the stored secrets, before anything is read or written.
 * A fresh database gets a check value sealed with this key.
 */
export async function verifySystemKey(db: Kysely<AppDatabase>, box: SecretBox): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CHECK_KEY).executeTakeFirst();
  if (!row) {
    // Several workers may start on a fresh database at once: the first check written wins, the others verify against it.
    await db.insertInto('settings').values({ key: CHECK_KEY, value: JSON.stringify(box.encrypt(CHECK_TEXT)) })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    return verifySystemKey(db, box);
  }
  if (!opens(box, JSON.parse(row.value) as string)) {
    throw new ConfigError(
      'The system key cannot decrypt the stored secrets: start with the original LIFEBOAT_ENCRYPTION_KEY ' +
        '(or restore the data directory\'s system.key). Nothing was changed.',
    );
  }
}

function opens(box: SecretBox, sealed: string): boolean {
  try {
    return box.decrypt(sealed) === CHECK_TEXT;
  } catch {
    return false;
  }
}

/**
 * Re-seals every secret under `next` in one transaction. Returns how many values were re-sealed.
 * Nothing changes when any value cannot be opened with `current`.
 */
export async function resealAll(db: Kysely<AppDatabase>, current: SecretBox, next: SecretBox): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let count = 0;
    for (const { table, column, id } of SEALED_COLUMNS) {
      const { rows } = await sql<{ id: string; sealed: string | null }>`
        select ${sql.ref(id)} as id, ${sql.ref(column)} as sealed from ${sql.table(table)}`.execute(trx);
      for (const row of rows) {
        if (!row.sealed) continue;
        const value = next.encrypt(current.decrypt(row.sealed));
        await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${value} where ${sql.ref(id)} = ${row.id}`.execute(trx);
        count++;
      }
    }
    const check = JSON.stringify(next.encrypt(CHECK_TEXT));
    await trx
      .insertInto('settings')
      .values({ key: CHECK_KEY, value: check })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: check }))
      .execute();
    return count;
  });
}

/**
 * Rotates the data-directory key safely: the new key is written beside the old one first, the database
 * is re-sealed in one transaction, then the new key replaces the old file. A crash in between leaves
 * `system.key.new`, which start-up adopts when the database already matches it.
 */
export async function rotateDataDirKey(db: Kysely<AppDatabase>, dataDir: string, current: SecretBox) {
  const nextKey = generateSystemKey();
  const pending = path.join(dataDir, PENDING_KEY_FILE);
  writeFileSync(pending, `${nextKey.toString('base64')}\n`, { mode: 0o600 });
  const count = await resealAll(db, current, SecretBox.fromKey(nextKey));
  renameSync(pending, path.join(dataDir, SYSTEM_KEY_FILE));
  return { count, key: nextKey };
}

/** Finishes a rotation interrupted after the database was re-sealed but before the key file was replaced. */
export async function adoptPendingKey(db: Kysely<AppDatabase>, dataDir: string): Promise<boolean> {
  const pending = path.join(dataDir, PENDING_KEY_FILE);
  if (!existsSync(pending)) return false;
  const box = SecretBox.fromKey(parseSystemKey(readFileSync(pending, 'utf8'), pending));
  const row = await db.selectFrom('settings').select('value').where('key', '=', CHECK_KEY).executeTakeFirst();
  if (row && opens(box, JSON.parse(row.value) as string)) {
    renameSync(pending, path.join(dataDir, SYSTEM_KEY_FILE));
    return true;
  }
  rmSync(pending);
  return false;
}
