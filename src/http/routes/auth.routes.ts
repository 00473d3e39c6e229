import { z } from '@hono/zod-openapi';
import { ACTIONS, ALL_PERMISSIONS, BUILT_IN_GROUPS, RESOURCES } from '../../domain/permissions.js';
import { PermissionError } from '../../lib/errors.js';
import type { AccessServices } from '../../services/access/access.js';
import { passwordSchema } from '../../services/access/users.service.js';
import type { HttpApp } from '../app.js';
import { body, errors, ok } from '../auth/schemas.js';
import { defineRoute } from '../route.js';

const OptionsSchema = z
  .object({
    passwordLogin: z.boolean(),
    providers: z.array(z.object({ id: z.string(), name: z.string(), autoRedirect: z.boolean(), loginUrl: z.string() })),
  })
  .openapi('SignInOptions');

const MeSchema = z
  .object({
    kind: z.enum(['user', 'token']), userId: z.string(), email: z.string(), tokenId: z.string().optional(),
    permissions: z.array(z.string()),
  })
  .openapi('Me');

const PasswordInput = z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).openapi('PasswordChange');

const PermissionsSchema = z
  .object({ resources: z.array(z.string()), actions: z.array(z.string()), permissions: z.array(z.string()), builtInGroups: z.record(z.string(), z.array(z.string())) })
  .openapi('PermissionCatalog');

const options = defineRoute({
  access: 'public', method: 'get', path: '/api/v1/auth/options', tags: ['Access'],
  summary: 'How to sign in: password login on or off, SSO providers (public). Sign-in itself is POST /api/auth/sign-in/email.',
  responses: { 200: ok(OptionsSchema) },
});
const me = defineRoute({
  access: 'authenticated', method: 'get', path: '/api/v1/auth/me', tags: ['Access'],
  summary: 'The caller and their effective permissions', responses: { 200: ok(MeSchema), ...errors },
});
const password = defineRoute({
  access: 'authenticated', method: 'post', path: '/api/v1/auth/password', tags: ['Access'],
  summary: 'Change your password; every other session of yours is signed out',
  request: body(PasswordInput), responses: { 200: ok(z.object({ ok: z.literal(true) })), ...errors },
});
const catalog = defineRoute({
  access: 'authenticated', method: 'get', path: '/api/v1/permissions', tags: ['Access'],
  summary: 'Every permission (resource × action) and the built-in groups', responses: { 200: ok(PermissionsSchema), ...errors },
});

export function registerAuthRoutes(app: HttpApp, access: AccessServices): void {
  app.openapi(options, async (c) => {
    const providers = (await access.ssoProviders.list()).filter((p) => p.enabled);
    return c.json({
      passwordLogin: access.passwordLogin,
      providers: providers.map((p) => ({ id: p.id, name: p.name, autoRedirect: p.autoRedirect, loginUrl: `/api/v1/sso/providers/${p.id}/login` })),
    }, 200);
  });
  app.openapi(me, async (c) => {
    const principal = c.get('principal')!;
    const { kind, userId, email, tokenId } = principal;
    return c.json({ kind, userId, email, ...(tokenId ? { tokenId } : {}), permissions: [...principal.permissions].sort() }, 200);
  });
  app.openapi(password, async (c) => {
    if (c.get('principal')!.kind !== 'user') throw new PermissionError('Change passwords from a signed-in session, not with an API token');
    const { currentPassword, newPassword } = c.req.valid('json');
    const response = await (await access.auth()).api.changePassword({
      body: { currentPassword, newPassword, revokeOtherSessions: true }, headers: c.req.raw.headers, asResponse: true,
    });
    if (!response.ok) throw new PermissionError('The current password is wrong');
    const out = c.json({ ok: true as const }, 200);
    for (const cookie of response.headers.getSetCookie()) out.headers.append('set-cookie', cookie);
    return out;
  });
  app.openapi(catalog, (c) =>
    c.json({ resources: [...RESOURCES], actions: [...ACTIONS], permissions: ALL_PERMISSIONS, builtInGroups: BUILT_IN_GROUPS }, 200),
  );
}
