import { z } from '@hono/zod-openapi';
import type { Resource } from '../../domain/permissions.js';
import type { ConfigurablePlugin } from '../../services/adapter-config.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { AdapterKindSchema, IdParams, errorResponses, json, jsonBody } from '../schemas/common.js';

/** Collection path and kinds path per resource (permissions are named after the resource). */
const PATHS = {
  sources: { base: '/api/v1/sources', kinds: '/api/v1/source-kinds' },
  destinations: { base: '/api/v1/destinations', kinds: '/api/v1/destination-kinds' },
  notifications: { base: '/api/v1/notification-channels', kinds: '/api/v1/notification-kinds' },
} as const;

/** The CRUD surface sources, destinations and notification channels share; each passes its own schemas and service. */
export interface ConfiguredRoutesSpec<View, Create, Patch> {
  resource: keyof typeof PATHS & Resource;
  tag: string;
  view: z.ZodType<View>;
  create: z.ZodType<Create>;
  patch: z.ZodType<Patch>;
  plugins: () => Iterable<ConfigurablePlugin>;
  service: {
    list(): Promise<View[]>;
    get(id: string): Promise<View>;
    create(input: Create): Promise<View>;
    update(id: string, patch: Patch): Promise<View>;
    delete(id: string): Promise<void>;
  };
}

export function registerConfiguredRoutes<View, Create, Patch>(app: HttpApp, spec: ConfiguredRoutesSpec<View, Create, Patch>): void {
  const { base, kinds } = PATHS[spec.resource];
  const read = `${spec.resource}:read` as const;
  const write = `${spec.resource}:write` as const;
  const tags = [spec.tag];

  app.openapi(
    defineRoute({ access: read, method: 'get', path: kinds, tags, summary: `Available ${spec.tag.toLowerCase()} kinds with their config schemas`, responses: { 200: json(z.array(AdapterKindSchema)), ...errorResponses } }),
    (c) =>
      c.json(
        [...spec.plugins()].map((p) => ({
          kind: p.kind,
          label: p.label,
          secretFields: [...p.secretFields],
          configSchema: z.toJSONSchema(p.configSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>,
        })),
        200,
      ),
  );
  app.openapi(
    defineRoute({ access: read, method: 'get', path: base, tags, summary: `List ${spec.tag.toLowerCase()}`, responses: { 200: json(z.array(spec.view)), ...errorResponses } }),
    async (c) => c.json((await spec.service.list()) as never, 200),
  );
  app.openapi(
    defineRoute({ access: write, method: 'post', path: base, tags, summary: `Create a ${spec.tag.toLowerCase()}`, request: jsonBody(spec.create), responses: { 201: json(spec.view, 'Created'), ...errorResponses } }),
    async (c) => c.json((await spec.service.create(c.req.valid('json') as Create)) as never, 201),
  );
  app.openapi(
    defineRoute({ access: read, method: 'get', path: `${base}/{id}`, tags, summary: `Get a ${spec.tag.toLowerCase()}`, request: { params: IdParams }, responses: { 200: json(spec.view), ...errorResponses } }),
    async (c) => c.json((await spec.service.get(c.req.valid('param').id)) as never, 200),
  );
  app.openapi(
    defineRoute({ access: write, method: 'patch', path: `${base}/{id}`, tags, summary: `Update a ${spec.tag.toLowerCase()} (secret fields sent as "[redacted]" stay unchanged)`, request: { params: IdParams, ...jsonBody(spec.patch) }, responses: { 200: json(spec.view), ...errorResponses } }),
    async (c) => c.json((await spec.service.update(c.req.valid('param').id, c.req.valid('json') as Patch)) as never, 200),
  );
  app.openapi(
    defineRoute({ access: write, method: 'delete', path: `${base}/{id}`, tags, summary: `Delete a ${spec.tag.toLowerCase()} (stored backups stay)`, request: { params: IdParams }, responses: { 204: { description: 'Deleted' }, ...errorResponses } }),
    async (c) => {
      await spec.service.delete(c.req.valid('param').id);
      return c.body(null, 204);
    },
  );
}
