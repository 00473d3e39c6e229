import { createHmac } from 'node:crypto';
import type { Auth } from './better-auth.js';

export interface SessionCookie {
  name: string;
  value: string;
  maxAge: number;
  secure: boolean;
  sameSite: 'Lax';
}

/**
 * Starts a better-auth session for a user signed in by another means (SSO) and returns the cookie to
 * set, signed exactly as better-auth signs it (HMAC-SHA256 of the token with the auth secret), so
 * better-auth's own session lookup accepts it.
 */
export async function startSession(auth: Auth, userId: string, meta: { ip?: string | null; userAgent?: string | null }): Promise<SessionCookie> {
  const ctx = await auth.$context;
  const session = await ctx.internalAdapter.createSession(userId, false, {
    ipAddress: meta.ip ?? '',
    userAgent: meta.userAgent ?? '',
  });
  const signature = createHmac('sha256', ctx.secret).update(session.token).digest('base64');
  const cookie = ctx.authCookies.sessionToken;
  return {
    name: cookie.name,
    // Not URI-encoded here: the cookie writer encodes it, as better-auth's does.
    value: `${session.token}.${signature}`,
    maxAge: Math.max(0, Math.floor((new Date(session.expiresAt).getTime() - Date.now()) / 1000)),
    secure: cookie.attributes.secure === true,
    sameSite: 'Lax',
  };
}
