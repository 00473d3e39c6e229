import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from '../lib/logger.js';
import { VERSION } from '../lib/version.js';
import { mapError, zodIssues } from './error-mapper.js';
import { authenticateMiddleware, type Authenticate, type PrincipalVariables } from './principal.js';

export type HttpEnv = { Variables: PrincipalVariables };
export type HttpApp = OpenAPIHono<HttpEnv>;

/** Until accounts exist every caller is anonymous: only public routes answer. */
export const anonymous: Authenticate = async () => undefined;

/**
 * The HTTP app: every route is an OpenAPI route validated by its zod schemas; validation failures
 * and thrown errors go through the one error mapper.
 */
export function createHttpApp(logger: Logger, authenticate: Authenticate = anonymous): HttpApp {
  const app = new OpenAPIHono<HttpEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return c.json(
          { error: { code: 'validation', message: 'Invalid input', issues: zodIssues(result.error) } },
          400,
        );
      }
    },
  });
  app.onError((error, c) => mapError(error, c, logger));
  app.use('/api/*', authenticateMiddleware(authenticate));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
  return app;
}

/** Serves the OpenAPI document generated from the same schemas that validate requests. */
export function mountOpenApi(app: HttpApp): void {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Lifeboat API', version: VERSION, description: 'Self-hosted database backups' },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'lifeboat.session_token' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
}
