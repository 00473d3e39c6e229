import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../db/schema.js';
import { ConflictError } from '../../lib/errors.js';
import type { User, UsersService } from './users.service.js';

const CLAIM_KEY = 'access.setup_claimed';

/**
 * First run: while no account exists, anyone who can reach the server may create the first
 * administrator, once. A settings row acts as the mutex so two racing requests cannot both succeed.
 */
export class SetupService {
  constructor(private readonly db: Kysely<AppDatabase>, private readonly users: UsersService) {}

  async status(): Promise<{ administratorExists: boolean; needsSetup: boolean }> {
    const [admin, count] = await Promise.all([this.users.administratorExists(), this.users.count()]);
    return { administratorExists: admin, needsSetup: count === 0 };
  }

  async createFirstAdministrator(input: { email: string; password: string; name?: string }): Promise<User> {
    if ((await this.users.count()) > 0) throw new ConflictError('Set-up is already done: sign in instead');
    const claimed = await this.db
      .insertInto('settings')
      .values({ key: CLAIM_KEY, value: 'true' })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0 && (await this.users.count()) > 0) {
      throw new ConflictError('Set-up is already done: sign in instead');
    }
    try {
      return await this.users.create({ ...input, groups: ['administrator'] });
    } catch (error) {
      await this.db.deleteFrom('settings').where('key', '=', CLAIM_KEY).execute();
      throw error;
    }
  }
}
