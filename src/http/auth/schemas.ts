import { z } from '@hono/zod-openapi';

/** Response and helper schemas of the access routes. */
export const AccessError = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }) })
  .openapi('AccessError');

const err = (description: string) => ({ description, content: { 'application/json': { schema: AccessError } } });
export const errors = { 400: err('Invalid input'), 401: err('Not signed in'), 403: err('Missing permission'), 404: err('Not found'), 409: err('Conflict') } as const;

export function ok<T extends z.ZodType>(schema: T, description = 'OK') {
  return { description, content: { 'application/json': { schema } } };
}

export function body<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}

export const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export const UserSchema = z
  .object({
    id: z.string(), email: z.string(), name: z.string(), groups: z.array(z.string()), twoFactorEnabled: z.boolean(),
    passwordLogin: z.boolean(), ssoProviders: z.array(z.string()), createdAt: z.string(),
  })
  .openapi('User');

export const GroupSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), builtIn: z.boolean(), permissions: z.array(z.string()) })
  .openapi('Group');

export const TokenSchema = z
  .object({
    id: z.string(), userId: z.string(), name: z.string(), prefix: z.string(), permissions: z.array(z.string()),
    expiresAt: z.string().nullable(), createdAt: z.string(), lastUsedAt: z.string().nullable(), lastUsedIp: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');
