import { z } from '@hono/zod-openapi';
import type { EncryptionProfilesService } from '../../services/encryption/index.js';
import { profileCreateSchema, profilePatchSchema } from '../../services/encryption/profile-schemas.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json, jsonBody } from '../schemas/common.js';

const RecipientSchema = z.object({ recipient: z.string(), fingerprint: z.string(), own: z.boolean() });
const ProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['generated', 'recipients', 'passphrase']),
    recipients: z.array(RecipientSchema),
    identity: z.string().nullable().openapi({ description: '"[redacted]" when Lifeboat holds a private key; never the key' }),
    passphrase: z.string().nullable().openapi({ description: '"[redacted]" for passphrase profiles; never the passphrase' }),
    canDecrypt: z.boolean(),
    usedBy: z.array(z.object({ id: z.string(), name: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('EncryptionProfile');

const base = '/api/v1/encryption-profiles';
const tags = ['Encryption'];

export function registerEncryptionRoutes(app: HttpApp, profiles: EncryptionProfilesService): void {
  app.openapi(defineRoute({ access: 'encryption:read', method: 'get', path: base, tags, summary: 'List encryption profiles (keys redacted)', responses: { 200: json(z.array(ProfileSchema)), ...errorResponses } }),
    async (c) => c.json(await profiles.list(), 200));
  app.openapi(defineRoute({ access: 'encryption:write', method: 'post', path: base, tags, summary: 'Create a profile: generated identity, recipient-only (write-only) or passphrase', request: jsonBody(profileCreateSchema), responses: { 201: json(ProfileSchema, 'Created'), ...errorResponses } }),
    async (c) => c.json(await profiles.create(c.req.valid('json')), 201));
  app.openapi(defineRoute({ access: 'encryption:read', method: 'get', path: `${base}/{id}`, tags, summary: 'Get an encryption profile (keys redacted)', request: { params: IdParams }, responses: { 200: json(ProfileSchema), ...errorResponses } }),
    async (c) => c.json(await profiles.get(c.req.valid('param').id), 200));
  app.openapi(defineRoute({ access: 'encryption:write', method: 'patch', path: `${base}/{id}`, tags, summary: 'Rename a profile or change its added recipients (keys never change)', request: { params: IdParams, ...jsonBody(profilePatchSchema) }, responses: { 200: json(ProfileSchema), ...errorResponses } }),
    async (c) => c.json(await profiles.update(c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(defineRoute({ access: 'encryption:write', method: 'delete', path: `${base}/{id}`, tags, summary: 'Delete a profile; 409 while a job uses it. Backups stay (without the key, they cannot be read)', request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, ...errorResponses } }),
    async (c) => {
      await profiles.delete(c.req.valid('param').id);
      return c.body(null, 204);
    });
  app.openapi(defineRoute({ access: 'encryption:write', method: 'get', path: `${base}/{id}/recovery-kit`, tags, summary: 'Download the recovery kit: the identity (when Lifeboat holds it) and how to restore with standard tools', request: { params: IdParams }, responses: { 200: { description: 'A text file; also a valid age identity file', content: { 'text/plain': { schema: z.string() } } }, ...errorResponses } }),
    async (c) => {
      const principal = c.get('principal');
      const kit = await profiles.recoveryKit(c.req.valid('param').id, principal?.email ?? principal?.userId);
      return c.body(kit.text, 200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': attachment(kit.filename),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      }) as never;
    });
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so profile names in any script survive. */
function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
