import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TokensRepo, type TokenRow } from '../../db/repositories/access/tokens.repo.js';
import { parseJson } from '../../db/dialect.js';
import { isPermission, type Permission } from '../../domain/permissions.js';
import { NotFoundError, PermissionError, ValidationError } from '../../lib/errors.js';
import type { Clock } from '../../lib/clock.js';
import { permissionSchema, type GroupsService } from './groups.service.js';

/** Tokens look like `lbt_<43 chars>`: 256 random bits, so a plain sha256 is a safe stored form. */
const PREFIX = 'lbt_';

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  permissions: z.array(permissionSchema).min(1).max(200),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('Omit for a token that never expires'),
});
export type TokenInput = z.infer<typeof tokenInputSchema>;

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  permissions: Permission[];
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  revokedAt: string | null;
}

export interface TokenIdentity {
  token: ApiToken;
  /** The token's permissions that its owner still has today. */
  permissions: Set<Permission>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class TokensService {
  constructor(private readonly repo: TokensRepo, private readonly groups: GroupsService, private readonly clock: Clock) {}

  /** Returns the plain token once; only its hash is kept. The token may not exceed `granter`'s permissions. */
  async create(userId: string, granter: ReadonlySet<Permission>, input: TokenInput): Promise<{ token: string; info: ApiToken }> {
    const excess = input.permissions.filter((p) => !granter.has(p as Permission));
    if (excess.length) throw new PermissionError(`A token cannot grant permissions you do not have: ${excess.join(', ')}`);
    const now = this.clock.now();
    if (input.expiresAt && new Date(input.expiresAt) <= now) throw new ValidationError('The expiry date is in the past', [{ path: 'expiresAt', message: 'must be in the future' }]);
    const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: TokenRow = {
      id: randomUUID(),
      user_id: userId,
      name: input.name,
      prefix: token.slice(0, 10),
      token_hash: hashToken(token),
      permissions: JSON.stringify([...new Set(input.permissions)]),
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      created_at: now.toISOString(),
      last_used_at: null,
      last_used_ip: null,
      revoked_at: null,
    };
    await this.repo.insert(row);
    return { token, info: toToken(row) };
  }

  async list(userId?: string): Promise<ApiToken[]> {
    return (await this.repo.listFor(userId)).map(toToken);
  }

  /** Revokes a token of `userId` (any user's when `userId` is undefined, for administrators). */
  async revoke(id: string, userId?: string): Promise<void> {
    const row = await this.repo.get(id);
    if (!row || (userId && row.user_id !== userId)) throw new NotFoundError(`No token ${id}`);
    await this.repo.revoke(id, this.clock.now().toISOString());
  }

  /** Resolves a presented token; undefined when unknown, revoked or expired. Records last use. */
  async verify(presented: string, ip: string | null): Promise<TokenIdentity | undefined> {
    if (!presented.startsWith(PREFIX) || presented.length > 200) return undefined;
    const row = await this.repo.byHash(hashToken(presented));
    const now = this.clock.now();
    if (!row || row.revoked_at || (row.expires_at && new Date(row.expires_at) <= now)) return undefined;
    await this.repo.touch(row.id, now.toISOString(), ip);
    const owner = await this.groups.permissionsOf(row.user_id);
    const token = toToken(row);
    return { token, permissions: new Set(token.permissions.filter((p) => owner.has(p))) };
  }
}

function toToken(row: TokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    prefix: row.prefix,
    permissions: parseJson<string[]>(row.permissions, []).filter(isPermission),
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    revokedAt: row.revoked_at,
  };
}
