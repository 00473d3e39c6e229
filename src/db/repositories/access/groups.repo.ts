import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../schema.js';
import type { GroupsTable } from './access-schema.js';

export type GroupRow = GroupsTable;

/** Groups and group membership. */
export class GroupsRepo {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  list(): Promise<GroupRow[]> {
    return this.db.selectFrom('groups').selectAll().orderBy('built_in', 'desc').orderBy('name').execute();
  }

  get(id: string): Promise<GroupRow | undefined> {
    return this.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: GroupRow): Promise<void> {
    await this.db.insertInto('groups').values(row).execute();
  }

  async update(id: string, patch: Partial<Pick<GroupRow, 'name' | 'description' | 'permissions'>>): Promise<void> {
    await this.db.updateTable('groups').set(patch).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('groups').where('id', '=', id).execute();
  }

  async byName(name: string): Promise<GroupRow | undefined> {
    return this.db.selectFrom('groups').selectAll().where('name', '=', name).executeTakeFirst();
  }

  /** Groups of each user in `userIds` (all users when omitted). */
  async memberships(userIds?: string[]): Promise<{ user_id: string; group_id: string }[]> {
    let query = this.db.selectFrom('user_groups').select(['user_id', 'group_id']);
    if (userIds) {
      if (userIds.length === 0) return [];
      query = query.where('user_id', 'in', userIds);
    }
    return query.execute();
  }

  async setMemberships(userId: string, groupIds: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_groups').where('user_id', '=', userId).execute();
      if (groupIds.length) {
        await trx.insertInto('user_groups').values(groupIds.map((group_id) => ({ user_id: userId, group_id }))).execute();
      }
    });
  }

  async memberCount(groupId: string): Promise<number> {
    const row = await this.db
      .selectFrom('user_groups')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('group_id', '=', groupId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
