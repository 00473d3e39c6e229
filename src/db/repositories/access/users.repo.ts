import { sql, type Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { AuthUserTable } from './access-schema.js';

export type UserRow = AuthUserTable;

/** Reads over better-auth's user and account tables; writes go through better-auth. */
export class UsersRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  list(): Promise<UserRow[]> {
    return this.db.selectFrom('auth_user').selectAll().orderBy('email').execute();
  }

  get(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('auth_user').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('auth_user').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('auth_user').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Users in `groupId` (for the last-administrator guard). */
  async idsInGroup(groupId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('user_groups').select('user_id').where('group_id', '=', groupId).execute();
    return rows.map((r) => r.user_id);
  }

  /** Provider ids of each user's linked accounts ('credential' = has a password). */
  async accountProviders(): Promise<{ userId: string; providerId: string }[]> {
    const { rows } = await sql<{ userId: string; providerId: string }>`
      select ${sql.ref('userId')} as "userId", ${sql.ref('providerId')} as "providerId" from auth_account`.execute(this.db);
    return rows;
  }

  /** The user linked to an external account (SSO subject), if any. */
  async byAccount(providerId: string, accountId: string): Promise<string | undefined> {
    const { rows } = await sql<{ userId: string }>`
      select ${sql.ref('userId')} as "userId" from auth_account
      where ${sql.ref('providerId')} = ${providerId} and ${sql.ref('accountId')} = ${accountId}`.execute(this.db);
    return rows[0]?.userId;
  }
}
