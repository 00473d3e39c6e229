import type { Context } from 'hono';
import type { AccessServices } from '../../services/access/access.js';
import type { Authenticate, Principal } from '../principal.js';
import { clientIp } from './client-ip.js';
import { RULES, type RateLimiter } from './rate-limit.js';

/**
 * Resolves the caller: `Authorization: Bearer <token>` first (API tokens), else better-auth's session
 * cookie. A token acts with its own permissions that its owner still holds today. Invalid tokens are
 * counted per address; past the budget the address gets 429 before any lookup.
 */
export function createAuthenticate(access: AccessServices, limiter: RateLimiter, trustProxy: boolean): Authenticate {
  return async (c: Context): Promise<Principal | undefined> => {
    const header = c.req.header('authorization');
    if (header?.toLowerCase().startsWith('bearer ')) return bearer(c, header.slice(7).trim());
    const cookie = c.req.header('cookie');
    if (!cookie?.includes('session_token')) return undefined;
    const session = await (await access.auth()).api.getSession({ headers: c.req.raw.headers });
    if (!session) return undefined;
    const permissions = await access.groups.permissionsOf(session.user.id);
    return { kind: 'user', userId: session.user.id, email: session.user.email, permissions };
  };

  async function bearer(c: Context, presented: string): Promise<Principal | undefined> {
    const ip = clientIp(c, trustProxy);
    limiter.assertOpen(`bearer:${ip}`, RULES.badToken);
    const identity = await access.tokens.verify(presented, ip);
    if (!identity) {
      limiter.fail(`bearer:${ip}`, RULES.badToken);
      return undefined;
    }
    const owner = await access.users.get(identity.token.userId);
    return { kind: 'token', userId: owner.id, email: owner.email, tokenId: identity.token.id, permissions: identity.permissions };
  }
}
