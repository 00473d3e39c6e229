import type { Context } from 'hono';

/**
 * The caller's address for the audit log and rate limits: the socket's peer, or the first
 * X-Forwarded-For hop when LIFEBOAT_TRUST_PROXY is on (a header anyone can forge otherwise).
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
