import { z } from 'zod';
import { UsersRepo, type UserRow } from '../../db/repositories/access/users.repo.js';
import { GroupsRepo } from '../../db/repositories/access/groups.repo.js';
import { toBool } from '../../db/dialect.js';
import { ConflictError, NotFoundError } from '../../lib/errors.js';
import type { AuthProvider } from './better-auth.js';
import type { GroupsService } from './groups.service.js';

export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));

export const userInputSchema = z.object({
  email: emailSchema,
  name: z.string().trim().max(128).optional(),
  password: passwordSchema.optional(),
  groups: z.array(z.string().min(1)).max(50).default([]),
});
export type UserInput = z.input<typeof userInputSchema>;

export interface User {
  id: string;
  email: string;
  name: string;
  groups: string[];
  twoFactorEnabled: boolean;
  passwordLogin: boolean;
  ssoProviders: string[];
  createdAt: string;
}

const ADMIN_GROUP = 'administrator';

/** Accounts live in better-auth's tables; group membership in ours. */
export class UsersService {
  constructor(
    private readonly auth: AuthProvider,
    private readonly users: UsersRepo,
    private readonly groupsRepo: GroupsRepo,
    private readonly groups: GroupsService,
  ) {}

  async list(): Promise<User[]> {
    const [rows, memberships, accounts] = await Promise.all([this.users.list(), this.groupsRepo.memberships(), this.users.accountProviders()]);
    return rows.map((row) => toUser(row, memberships, accounts));
  }

  async get(id: string): Promise<User> {
    const row = await this.users.get(id);
    if (!row) throw new NotFoundError(`No user ${id}`);
    const [memberships, accounts] = await Promise.all([this.groupsRepo.memberships([id]), this.users.accountProviders()]);
    return toUser(row, memberships, accounts);
  }

  async create(raw: UserInput): Promise<User> {
    const input = userInputSchema.parse(raw);
    await this.groups.requireAll(input.groups);
    if (await this.users.byEmail(input.email)) throw new ConflictError(`A user with e-mail ${input.email} already exists`);
    const ctx = await this.ctx();
    const user = await ctx.internalAdapter.createUser({ email: input.email, name: input.name ?? input.email.split('@')[0]!, emailVerified: true }, { method: 'admin' });
    if (input.password) {
      await ctx.internalAdapter.linkAccount({
        userId: user.id,
        providerId: 'credential',
        accountId: user.id,
        password: await ctx.password.hash(input.password),
      });
    }
    await this.groupsRepo.setMemberships(user.id, input.groups);
    return this.get(user.id);
  }

  async update(id: string, patch: { name?: string; groups?: string[] }): Promise<User> {
    const user = await this.get(id);
    if (patch.groups) {
      await this.groups.requireAll(patch.groups);
      if (user.groups.includes(ADMIN_GROUP) && !patch.groups.includes(ADMIN_GROUP)) await this.guardLastAdmin(id);
      await this.groupsRepo.setMemberships(id, [...new Set(patch.groups)]);
    }
    if (patch.name) await (await this.ctx()).internalAdapter.updateUser(id, { name: patch.name });
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const user = await this.get(id);
    if (user.groups.includes(ADMIN_GROUP)) await this.guardLastAdmin(id);
    await (await this.ctx()).internalAdapter.deleteUser(id);
  }

  /** Sets a new password and ends every session of the user (a password change invalidates sessions). */
  async setPassword(id: string, password: string): Promise<void> {
    passwordSchema.parse(password);
    await this.get(id);
    const ctx = await this.ctx();
    const hash = await ctx.password.hash(password);
    const accounts = await this.users.accountProviders();
    if (accounts.some((a) => a.userId === id && a.providerId === 'credential')) await ctx.internalAdapter.updatePassword(id, hash);
    else await ctx.internalAdapter.linkAccount({ userId: id, providerId: 'credential', accountId: id, password: hash });
    await ctx.internalAdapter.deleteUserSessions(id);
  }

  async count(): Promise<number> {
    return this.users.count();
  }

  async administratorExists(): Promise<boolean> {
    return (await this.users.idsInGroup(ADMIN_GROUP)).length > 0;
  }

  private async ctx() {
    return (await this.auth()).$context;
  }

  private async guardLastAdmin(id: string): Promise<void> {
    const admins = await this.users.idsInGroup(ADMIN_GROUP);
    if (admins.length === 1 && admins[0] === id) {
      throw new ConflictError('This is the last administrator: make another user an administrator first');
    }
  }
}

function toUser(row: UserRow, memberships: { user_id: string; group_id: string }[], accounts: { userId: string; providerId: string }[]): User {
  const own = accounts.filter((a) => a.userId === row.id);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    groups: memberships.filter((m) => m.user_id === row.id).map((m) => m.group_id),
    twoFactorEnabled: toBool(row.twoFactorEnabled as number | boolean | null),
    passwordLogin: own.some((a) => a.providerId === 'credential'),
    ssoProviders: own.filter((a) => a.providerId.startsWith('oidc:')).map((a) => a.providerId.slice(5)),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
