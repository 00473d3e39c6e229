import { z } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { AccessServices } from '../../services/access/access.js';
import { tokenInputSchema } from '../../services/access/tokens.service.js';
import type { HttpApp } from '../app.js';
import { RULES, type RateLimiter } from '../auth/rate-limit.js';
import { IdParam, TokenSchema, body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const TokenInput = tokenInputSchema;
const Created = z.object({ token: z.string().describe('Shown once: store it now'), info: TokenSchema }).openapi('ApiTokenCreated');
const ListQuery = z.object({ all: z.enum(['true', 'false']).optional().describe('Every user\'s tokens (needs users:write)') });
const tags = ['API tokens'];

/** Tokens belong to the caller; administrators (users:write) may list and revoke everyone's. */
export function registerTokensRoutes(app: HttpApp, access: AccessServices, limiter: RateLimiter): void {
  app.openapi(
    defineRoute({ access: 'tokens:read', method: 'get', path: '/api/v1/tokens', tags, summary: 'Your API tokens (never the secret)', request: { query: ListQuery }, responses: { 200: ok(z.array(TokenSchema)), ...errors } }),
    async (c) => {
      const principal = c.get('principal')!;
      const all = c.req.valid('query').all === 'true' && principal.permissions.has('users:write');
      return c.json(await access.tokens.list(all ? undefined : principal.userId), 200);
    },
  );
  app.openapi(
    defineRoute({ access: 'tokens:write', method: 'post', path: '/api/v1/tokens', tags, summary: 'Create a token with a subset of your permissions', request: body(TokenInput), responses: { 201: ok(Created, 'Created'), ...errors } }),
    async (c) => {
      const principal = c.get('principal')!;
      try {
        limiter.hit(`token-create:${principal.userId}`, RULES.tokenCreate);
      } catch (error) {
        if (error instanceof HTTPException) return error.getResponse() as never;
        throw error;
      }
      return c.json(await access.tokens.create(principal.userId, principal.permissions, c.req.valid('json')), 201);
    },
  );
  app.openapi(
    defineRoute({ access: 'tokens:write', method: 'delete', path: '/api/v1/tokens/{id}', tags, summary: 'Revoke a token', request: { params: IdParam }, responses: { 204: { description: 'Revoked' }, ...errors } }),
    async (c) => {
      const principal = c.get('principal')!;
      await access.tokens.revoke(c.req.valid('param').id, principal.permissions.has('users:write') ? undefined : principal.userId);
      return c.body(null, 204);
    },
  );
}
