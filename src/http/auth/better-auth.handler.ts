import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { HttpApp } from '../app.js';
import type { AccessServices } from '../../services/access/access.js';
import { AUTH_BASE_PATH } from '../../services/access/better-auth.js';
import { auditFrom } from './audit-context.js';
import { clientIp } from './client-ip.js';
import { RULES, type RateLimiter } from './rate-limit.js';

/** The better-auth endpoints we expose; everything else under /api/auth is 404 (sign-up, password reset...). */
const EXPOSED: Record<string, 'GET' | 'POST'> = {
  '/sign-in/email': 'POST',
  '/sign-out': 'POST',
  '/get-session': 'GET',
  '/two-factor/enable': 'POST',
  '/two-factor/disable': 'POST',
  '/two-factor/get-totp-uri': 'POST',
  '/two-factor/verify-totp': 'POST',
  '/two-factor/verify-backup-code': 'POST',
  '/two-factor/generate-backup-codes': 'POST',
};

const AUDITED: Record<string, string> = {
  '/sign-in/email': 'auth.sign_in',
  '/sign-out': 'auth.sign_out',
  '/two-factor/enable': 'auth.2fa.enable',
  '/two-factor/disable': 'auth.2fa.disable',
  '/two-factor/verify-totp': 'auth.2fa.verify_totp',
  '/two-factor/verify-backup-code': 'auth.2fa.verify_backup_code',
  '/two-factor/generate-backup-codes': 'auth.2fa.new_backup_codes',
};

/**
 * Mounts better-auth behind our rate limits and audit log. Session tokens are removed from JSON
 * bodies: the session lives in an HttpOnly cookie and scripts have no business reading it.
 */
export function mountBetterAuth(app: HttpApp, access: AccessServices, limiter: RateLimiter, trustProxy: boolean): void {
  app.on(['GET', 'POST'], `${AUTH_BASE_PATH}/*`, async (c) => {
    const sub = c.req.path.slice(AUTH_BASE_PATH.length);
    if (EXPOSED[sub] !== c.req.method || (sub === '/sign-in/email' && !access.passwordLogin)) {
      return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404);
    }
    const ip = clientIp(c, trustProxy);
    const email = sub === '/sign-in/email' ? await emailOf(c) : undefined;
    try {
      if (email !== undefined) {
        limiter.hit(`signin-ip:${ip}`, RULES.signInIp);
        limiter.hit(`signin:${ip}:${email}`, RULES.signInAccount);
      }
      if (sub.startsWith('/two-factor/verify')) limiter.hit(`2fa:${ip}`, RULES.twoFactor);
    } catch (error) {
      if (error instanceof HTTPException) return error.getResponse();
      throw error;
    }
    const response = await (await access.auth()).handler(c.req.raw);
    const { body, json } = await readBody(response);
    if (AUDITED[sub]) await recordAuthEvent(c, access, trustProxy, AUDITED[sub], response.status, json, email);
    const out = new Response(body, { status: response.status, headers: response.headers });
    out.headers.delete('content-length');
    return out;
  });
}

async function emailOf(c: Context): Promise<string> {
  const json = (await c.req.raw.clone().json().catch(() => ({}))) as { email?: unknown };
  return typeof json.email === 'string' ? json.email.trim().toLowerCase().slice(0, 254) : '';
}

async function readBody(response: Response): Promise<{ body: string | null; json: Record<string, unknown> | undefined }> {
  const text = await response.text();
  if (!text || !response.headers.get('content-type')?.includes('json')) return { body: text || null, json: undefined };
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    if (json && typeof json === 'object' && 'token' in json) {
      delete json.token;
      return { body: JSON.stringify(json), json };
    }
    return { body: text, json };
  } catch {
    return { body: text, json: undefined };
  }
}

async function recordAuthEvent(c: Context, access: AccessServices, trustProxy: boolean, action: string, status: number,
  json: Record<string, unknown> | undefined, email: string | undefined): Promise<void> {
  const context = auditFrom(c, trustProxy);
  const user = json?.user as { id?: string; email?: string } | undefined;
  const actor = user?.id ? { kind: 'user' as const, userId: user.id, email: user.email } : email ? { ...context.actor, email } : context.actor;
  const pending = json?.twoFactorRedirect === true;
  await access.audit.record({
    ...context,
    actor,
    action: pending ? `${action}.2fa_required` : action,
    outcome: status < 400 ? 'success' : 'failure',
    details: { status },
  });
}
