import { z } from '@hono/zod-openapi';
import { setCookie } from 'hono/cookie';
import type { AccessServices } from '../../services/access/access.js';
import { startSession } from '../../services/access/sessions.js';
import { SSO_PRESETS } from '../../services/access/sso-presets.js';
import { ssoProviderInputSchema, ssoProviderPatchSchema } from '../../services/access/sso-providers.service.js';
import type { HttpApp } from '../app.js';
import { auditFrom } from '../auth/audit-context.js';
import { clientIp } from '../auth/client-ip.js';
import { IdParam, body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const ProviderSchema = z
  .object({
    id: z.string(), name: z.string(), preset: z.string(), issuer: z.string(), clientId: z.string(), hasClientSecret: z.boolean(),
    enabled: z.boolean(), scopes: z.string(), emailClaim: z.string(), nameClaim: z.string(), groupsClaim: z.string().nullable(),
    groupMapping: z.record(z.string(), z.array(z.string())), defaultGroups: z.array(z.string()), autoRedirect: z.boolean(),
    autoCreateUsers: z.boolean(), callbackPath: z.string(), updatedAt: z.string(),
  })
  .openapi('SsoProvider');
const PresetSchema = z
  .object({ id: z.string(), label: z.string(), issuerHint: z.string(), scopes: z.string(), emailClaim: z.string(), nameClaim: z.string(), groupsClaim: z.string(), note: z.string() })
  .openapi('SsoPreset');
const ProviderInput = ssoProviderInputSchema;
const ProviderPatch = ssoProviderPatchSchema;
const LoginQuery = z.object({ returnTo: z.string().max(500).optional() });
const tags = ['SSO'];
const redirect = { 302: { description: 'Redirect' }, ...errors };

export function registerSsoRoutes(app: HttpApp, access: AccessServices, trustProxy: boolean): void {
  app.openapi(
    defineRoute({ access: 'sso:read', method: 'get', path: '/api/v1/sso/presets', tags, summary: 'Provider presets (scopes and claim names)', responses: { 200: ok(z.array(PresetSchema)), ...errors } }),
    (c) => c.json(SSO_PRESETS, 200),
  );
  app.openapi(
    defineRoute({ access: 'sso:read', method: 'get', path: '/api/v1/sso/providers', tags, summary: 'OpenID Connect providers (never the client secret)', responses: { 200: ok(z.array(ProviderSchema)), ...errors } }),
    async (c) => c.json(await access.ssoProviders.list(), 200),
  );
  app.openapi(
    defineRoute({ access: 'sso:write', method: 'post', path: '/api/v1/sso/providers', tags, summary: 'Add a provider', request: body(ProviderInput), responses: { 201: ok(ProviderSchema, 'Created'), ...errors } }),
    async (c) => c.json(await access.ssoProviders.create(c.req.valid('json')), 201),
  );
  app.openapi(
    defineRoute({ access: 'sso:read', method: 'get', path: '/api/v1/sso/providers/{id}', tags, summary: 'One provider', request: { params: IdParam }, responses: { 200: ok(ProviderSchema), ...errors } }),
    async (c) => c.json(await access.ssoProviders.get(c.req.valid('param').id), 200),
  );
  app.openapi(
    defineRoute({ access: 'sso:write', method: 'patch', path: '/api/v1/sso/providers/{id}', tags, summary: 'Change a provider (omit clientSecret to keep it)', request: { params: IdParam, ...body(ProviderPatch) }, responses: { 200: ok(ProviderSchema), ...errors } }),
    async (c) => c.json(await access.ssoProviders.update(c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(
    defineRoute({ access: 'sso:write', method: 'delete', path: '/api/v1/sso/providers/{id}', tags, summary: 'Remove a provider', request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors } }),
    async (c) => {
      await access.ssoProviders.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
  registerLoginFlow(app, access, trustProxy);
}

function registerLoginFlow(app: HttpApp, access: AccessServices, trustProxy: boolean): void {
  const originOf = (url: string) => access.baseUrl?.replace(/\/$/, '') ?? new URL(url).origin;
  app.openapi(
    defineRoute({ access: 'public', method: 'get', path: '/api/v1/sso/providers/{id}/login', tags, summary: 'Start signing in with this provider (public, redirects)', request: { params: IdParam, query: LoginQuery }, responses: redirect }),
    async (c) => c.redirect(await access.ssoLogin.start(c.req.valid('param').id, originOf(c.req.url), c.req.valid('query').returnTo ?? '/'), 302),
  );
  app.openapi(
    defineRoute({ access: 'public', method: 'get', path: '/api/v1/sso/providers/{id}/callback', tags, summary: 'Where the provider sends the browser back (public, redirects)', request: { params: IdParam }, responses: redirect }),
    async (c) => {
      const context = auditFrom(c, trustProxy);
      const id = c.req.valid('param').id;
      try {
        const result = await access.ssoLogin.finish(id, new URL(c.req.url));
        const cookie = await startSession(await access.auth(), result.userId, { ip: clientIp(c, trustProxy), userAgent: c.req.header('user-agent') });
        setCookie(c, cookie.name, cookie.value, { path: '/', httpOnly: true, secure: cookie.secure, sameSite: cookie.sameSite, maxAge: cookie.maxAge });
        await access.audit.record({ ...context, actor: { kind: 'user', userId: result.userId, email: result.email }, action: 'auth.sso_sign_in', target: id, outcome: 'success', details: { groups: result.groups, created: result.created } });
        return c.redirect(result.returnTo, 302);
      } catch (error) {
        await access.audit.record({ ...context, action: 'auth.sso_sign_in', target: id, outcome: 'failure', details: { reason: (error as Error).message } });
        throw error;
      }
    },
  );
}
