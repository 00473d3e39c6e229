import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AccessServices } from '../../services/access/access.js';
import { emailSchema, passwordSchema } from '../../services/access/users.service.js';
import type { HttpApp } from '../app.js';
import { clientIp } from '../auth/client-ip.js';
import { RULES, type RateLimiter } from '../auth/rate-limit.js';
import { auditFrom } from '../auth/audit-context.js';
import { UserSchema, body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const StatusSchema = z.object({ administratorExists: z.boolean(), needsSetup: z.boolean(), passwordLogin: z.boolean() }).openapi('SetupStatus');
const SetupInput = z.object({ email: emailSchema, password: passwordSchema, name: z.string().trim().max(128).optional() }).openapi('SetupInput');

const status = defineRoute({
  access: 'public', method: 'get', path: '/api/v1/setup', tags: ['Access'],
  summary: 'Whether first-run set-up is needed (public)',
  responses: { 200: ok(StatusSchema) },
});

const create = defineRoute({
  access: 'public', method: 'post', path: '/api/v1/setup', tags: ['Access'],
  summary: 'Create the first administrator; only while no account exists (public)',
  request: body(SetupInput),
  responses: { 201: ok(UserSchema, 'Created'), ...errors },
});

export function registerSetupRoutes(app: HttpApp, access: AccessServices, limiter: RateLimiter, trustProxy: boolean): void {
  app.openapi(status, async (c) => c.json({ ...(await access.setup.status()), passwordLogin: access.passwordLogin }, 200));
  app.openapi(create, async (c) => {
    try {
      limiter.hit(`setup:${clientIp(c, trustProxy)}`, RULES.setup);
    } catch (error) {
      if (error instanceof HTTPException) return error.getResponse() as never;
      throw error;
    }
    const user = await access.setup.createFirstAdministrator(c.req.valid('json'));
    await access.audit.record({ ...auditFrom(c, trustProxy), actor: { kind: 'user', userId: user.id, email: user.email }, action: 'setup.first_administrator', target: user.id, outcome: 'success' });
    return c.json(user, 201);
  });
}
