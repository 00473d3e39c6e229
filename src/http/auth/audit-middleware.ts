import type { MiddlewareHandler } from 'hono';
import type { AuditService } from '../../services/access/audit.service.js';
import { auditFrom } from './audit-context.js';

const READ = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Records every change (any state-changing request, whoever makes it, including refused ones) and
 * every use of an API token, for every route — also routes added later. Sign-in events are recorded
 * by the sign-in handler, which knows the account. Anonymous 401s are not recorded (rate limits cover them).
 */
export function auditRequests(audit: AuditService, trustProxy: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/auth/')) return;
    const context = auditFrom(c, trustProxy);
    const isToken = context.actor.kind === 'token';
    if (READ.has(c.req.method) && !isToken) return;
    const status = c.res.status;
    if (status === 401 && context.actor.kind === 'anonymous') return;
    await audit.record({
      ...context,
      action: READ.has(c.req.method) ? `token.used ${c.req.method} ${c.req.path}` : `${c.req.method} ${c.req.path}`,
      target: c.req.path,
      outcome: status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure',
      details: { status },
    });
  };
}
