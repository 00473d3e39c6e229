import type { Context } from 'hono';
import type { AuditActor, AuditEvent } from '../../services/access/audit.service.js';
import type { Principal } from '../principal.js';
import { clientIp } from './client-ip.js';

export function actorOf(principal: Principal | undefined): AuditActor {
  if (!principal) return { kind: 'anonymous' };
  return { kind: principal.kind, userId: principal.userId, email: principal.email, tokenId: principal.tokenId };
}

/** The who and from-where of an audit event, taken from the request. */
export function auditFrom(c: Context, trustProxy: boolean): Pick<AuditEvent, 'actor' | 'ip' | 'userAgent'> {
  return {
    actor: actorOf(c.get('principal') as Principal | undefined),
    ip: clientIp(c, trustProxy),
    userAgent: c.req.header('user-agent') ?? null,
  };
}
