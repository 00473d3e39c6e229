import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BUILT_IN_GROUPS, isPermission, type Permission } from '../../domain/permissions.js';
import { GroupsRepo, type GroupRow } from '../../db/repositories/access/groups.repo.js';
import { parseJson, toBool } from '../../db/dialect.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';

export interface Group {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  permissions: Permission[];
}

export const permissionSchema = z.string().refine(isPermission, 'unknown permission');

export const groupInputSchema = z.object({
  name: z.string().trim().min(1).max(64).regex(/^[\w .-]+$/, 'letters, digits, spaces, dots, dashes'),
  description: z.string().max(500).default(''),
  permissions: z.array(permissionSchema).max(200),
});
export type GroupInput = z.infer<typeof groupInputSchema>;
/** No defaults: a PATCH changes only what it names. */
export const groupPatchSchema = groupInputSchema.extend({ description: z.string().max(500) }).partial();

/** Built-in groups take their permissions from code (domain/permissions.ts); custom ones from the database. */
export class GroupsService {
  constructor(private readonly repo: GroupsRepo, private readonly clock: Clock) {}

  async list(): Promise<Group[]> {
    return (await this.repo.list()).map(toGroup);
  }

  async get(id: string): Promise<Group> {
    const row = await this.repo.get(id);
    if (!row) throw new NotFoundError(`No group ${id}`);
    return toGroup(row);
  }

  async create(input: GroupInput): Promise<Group> {
    if (await this.repo.byName(input.name)) throw new ConflictError(`A group named ${input.name} already exists`);
    const row: GroupRow = {
      id: randomUUID(),
      name: input.name,
      description: input.description,
      permissions: JSON.stringify([...new Set(input.permissions)]),
      built_in: 0,
      created_at: this.clock.now().toISOString(),
    };
    await this.repo.insert(row);
    return toGroup(row);
  }

  async update(id: string, input: Partial<GroupInput>): Promise<Group> {
    const group = await this.get(id);
    if (group.builtIn) throw new ConflictError(`The built-in group ${group.name} cannot be changed; create a custom group instead`);
    if (input.name && input.name !== group.name && (await this.repo.byName(input.name))) {
      throw new ConflictError(`A group named ${input.name} already exists`);
    }
    await this.repo.update(id, {
      ...(input.name ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.permissions ? { permissions: JSON.stringify([...new Set(input.permissions)]) } : {}),
    });
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    const group = await this.get(id);
    if (group.builtIn) throw new ConflictError(`The built-in group ${group.name} cannot be deleted`);
    await this.repo.delete(id);
  }

  /** Fails with a ValidationError naming the first unknown group id. */
  async requireAll(ids: string[]): Promise<void> {
    const known = new Set((await this.repo.list()).map((g) => g.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new ValidationError(`Unknown group ${unknown[0]}`, [{ path: 'groups', message: `unknown group ${unknown[0]}` }]);
  }

  /** Effective permissions of a user: the union over their groups. */
  async permissionsOf(userId: string): Promise<Set<Permission>> {
    const memberships = await this.repo.memberships([userId]);
    const groups = await this.repo.list();
    const out = new Set<Permission>();
    for (const { group_id } of memberships) {
      const group = groups.find((g) => g.id === group_id);
      if (group) for (const p of toGroup(group).permissions) out.add(p);
    }
    return out;
  }
}

export function toGroup(row: GroupRow): Group {
  const builtIn = toBool(row.built_in);
  const permissions = builtIn
    ? (BUILT_IN_GROUPS[row.id as keyof typeof BUILT_IN_GROUPS] ?? [])
    : parseJson<string[]>(row.permissions, []).filter(isPermission);
  return { id: row.id, name: row.name, description: row.description, builtIn, permissions: [...permissions] };
}
