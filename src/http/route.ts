import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { RouteAccess } from '../domain/permissions.js';
import type { PrincipalVariables } from './principal.js';

/**
 * Every API route is made here and must declare its access: a permission, 'authenticated' (any signed-in
 * caller) or 'public'. The declaration is enforced by the route's own middleware and published in the
 * OpenAPI document as `x-permission`, so a test can walk every route and check it.
 */
export function defineRoute<const R extends RouteConfig>(config: R & { access: RouteAccess }): R {
  const { access, ...route } = config;
  return createRoute({
    ...route,
    'x-permission': access,
    middleware: [authorize(access)],
    security: access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
  } as unknown as R);
}

export function authorize(access: RouteAccess): MiddlewareHandler<{ Variables: PrincipalVariables }> {
  return async (c, next) => {
    if (access === 'public') return next();
    const principal = c.get('principal');
    if (!principal) return c.json({ error: { code: 'unauthenticated', message: 'Sign in or send an API token' } }, 401);
    if (access !== 'authenticated' && !principal.permissions.has(access)) {
      return c.json({ error: { code: 'forbidden', message: `Missing permission ${access}` } }, 403);
    }
    return next();
  };
}
