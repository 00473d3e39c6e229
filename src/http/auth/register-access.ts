import type { Env } from '../../config/env.js';
import { createAccessServices, type AccessDeps, type AccessServices } from '../../services/access/access.js';
import type { HttpApp } from '../app.js';
import { authenticateMiddleware, type Authenticate } from '../principal.js';
import { registerAuditRoutes } from '../routes/audit.routes.js';
import { registerAuthRoutes } from '../routes/auth.routes.js';
import { registerGroupsRoutes } from '../routes/groups.routes.js';
import { registerSetupRoutes } from '../routes/setup.routes.js';
import { registerSsoRoutes } from '../routes/sso.routes.js';
import { registerTokensRoutes } from '../routes/tokens.routes.js';
import { registerUsersRoutes } from '../routes/users.routes.js';
import { auditRequests } from './audit-middleware.js';
import { createAuthenticate } from './authenticate.js';
import { mountBetterAuth } from './better-auth.handler.js';
import { csrfProtection } from './csrf.js';
import { limitBodies, securityHeaders } from './hardening.js';
import { RateLimiter } from './rate-limit.js';

export interface Access {
  services: AccessServices;
  authenticate: Authenticate;
  limiter: RateLimiter;
  trustProxy: boolean;
}

/** Everything sign-in needs, before the HTTP app exists (the app takes `authenticate`). */
export function createAccess(runtime: Omit<AccessDeps, 'baseUrl' | 'passwordLogin'> & { env: Env }): Access {
  const { env } = runtime;
  const services = createAccessServices({
    ...runtime,
    baseUrl: env.LIFEBOAT_BASE_URL?.replace(/\/$/, ''),
    passwordLogin: !env.LIFEBOAT_DISABLE_PASSWORD_LOGIN,
  });
  const limiter = new RateLimiter(() => runtime.clock.now().getTime());
  const trustProxy = env.LIFEBOAT_TRUST_PROXY;
  return { services, limiter, trustProxy, authenticate: createAuthenticate(services, limiter, trustProxy) };
}

/**
 * Hardening middleware and the access routes. Call it right after createHttpApp, before any other
 * route, so headers, body limits, CSRF checks and the audit log wrap every route added later.
 */
export function registerAccess(app: HttpApp, access: Access, authenticate: Authenticate = access.authenticate): void {
  const { services, limiter, trustProxy } = access;
  app.use('*', securityHeaders);
  app.use('/api/*', limitBodies);
  app.use('/api/*', csrfProtection(services.baseUrl));
  app.use('/metrics', authenticateMiddleware(authenticate));
  app.use('/api/*', auditRequests(services.audit, trustProxy));
  app.use('/metrics', auditRequests(services.audit, trustProxy));
  mountBetterAuth(app, services, limiter, trustProxy);
  registerSetupRoutes(app, services, limiter, trustProxy);
  registerAuthRoutes(app, services);
  registerUsersRoutes(app, services);
  registerGroupsRoutes(app, services);
  registerTokensRoutes(app, services, limiter);
  registerSsoRoutes(app, services, trustProxy);
  registerAuditRoutes(app, services);
}
