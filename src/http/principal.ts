import type { Context, MiddlewareHandler } from 'hono';
import type { Permission } from '../domain/permissions.js';

/** Who is calling: a signed-in user (cookie session) or an API token, with their effective permissions. */
export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  email: string;
  tokenId?: string;
  permissions: ReadonlySet<Permission>;
}

export interface PrincipalVariables {
  principal: Principal | undefined;
}

/** Resolves the caller from the request (session cookie, bearer token); undefined when anonymous. */
export type Authenticate = (c: Context) => Promise<Principal | undefined>;

/** The global middleware: attaches the principal (or undefined) for `authorize` to check. */
export function authenticateMiddleware(authenticate: Authenticate): MiddlewareHandler<{ Variables: PrincipalVariables }> {
  return async (c, next) => {
    c.set('principal', await authenticate(c));
    await next();
  };
}
