import { Readable } from 'node:stream';
import { z } from '@hono/zod-openapi';
import { contentDisposition } from '../../services/storage/download-name.js';
import type { StorageExplorerService } from '../../services/storage/storage-explorer.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json } from '../schemas/common.js';

/** A repeatable filter (`?source=a&source=b`); values are taken literally, so names may contain commas. */
const many = z
  .union([z.string().max(500), z.array(z.string().max(500)).max(100)])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
const refresh = z.enum(['true', 'false']).optional().openapi({ description: 'Re-read every sidecar from storage instead of the cache' });
const KeyQuery = z.object({ key: z.string().min(1).max(1024).openapi({ description: 'Artifact key (without .meta.json)' }) });

const ListQuery = z.object({
  source: many.openapi({ description: 'Source name at backup time (repeatable)' }),
  engine: many,
  job: many.openapi({ description: 'Job id (repeatable)' }),
  database: many.openapi({ description: 'Database name; empty matches server-wide artifacts (repeatable)' }),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  refresh,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const LockSchema = z.object({ artifactKey: z.string(), lockedAt: z.string(), lockedBy: z.string().nullable(), note: z.string().nullable() }).openapi('BackupLock');
const BackupSchema = z
  .object({
    key: z.string(), sidecarKey: z.string(), backupId: z.string(),
    source: z.object({ name: z.string(), engine: z.string(), serverVersion: z.string() }),
    database: z.string().nullable(), kind: z.enum(['database', 'globals']), job: z.object({ id: z.string(), name: z.string() }).nullable(),
    startedAt: z.string(), finishedAt: z.string(), size: z.number(), sha256: z.string(), storedSize: z.number(), modifiedAt: z.string(),
    sizeMismatch: z.boolean(), compression: z.string(), encrypted: z.boolean(), format: z.string(), mode: z.string(), locked: z.boolean(), lock: LockSchema.nullable(),
  })
  .openapi('StoredBackup');
const OrphanSchema = z.object({ key: z.string(), size: z.number(), modifiedAt: z.string(), orphan: z.literal(true), locked: z.boolean() }).openapi('OrphanArtifact');
const FacetSchema = z.array(z.object({ value: z.string().nullable(), label: z.string().optional(), count: z.number() }));
const ListSchema = z
  .object({
    items: z.array(BackupSchema), total: z.number(),
    facets: z.object({ source: FacetSchema, engine: FacetSchema, job: FacetSchema, database: FacetSchema }),
    orphans: z.array(OrphanSchema), problems: z.array(z.object({ key: z.string(), error: z.string() })),
    stats: z.object({ sidecars: z.number(), cacheHits: z.number(), dropped: z.number(), millis: z.number() }),
  })
  .openapi('StoredBackupList');
const Sum = { count: z.number(), bytes: z.number() };
const TotalsSchema = z
  .object({
    ...Sum,
    bySource: z.array(z.object({ source: z.string(), engine: z.string(), ...Sum })),
    byDatabase: z.array(z.object({ source: z.string(), database: z.string().nullable(), ...Sum })),
    orphans: z.object(Sum),
  })
  .openapi('StorageTotals');
const tags = ['Storage explorer'];
const base = '/api/v1/destinations/{id}/backups';

export function registerBackupsRoutes(app: HttpApp, explorer: StorageExplorerService): void {
  app.openapi(defineRoute({ access: 'backups:read', method: 'get', path: base, tags, summary: 'Backups on a destination, read from their sidecars, with counts per filter option; orphans flagged', request: { params: IdParams, query: ListQuery }, responses: { 200: json(ListSchema), ...errorResponses } }),
    async (c) => {
      const { refresh: fresh, limit, offset, ...filter } = c.req.valid('query');
      return c.json((await explorer.list(c.req.valid('param').id, filter, { refresh: fresh === 'true', limit, offset })) as never, 200);
    });
  app.openapi(defineRoute({ access: 'backups:read', method: 'get', path: `${base}/totals`, tags, summary: 'Stored bytes and counts per source and database', request: { params: IdParams, query: z.object({ refresh }) }, responses: { 200: json(TotalsSchema), ...errorResponses } }),
    async (c) => c.json(await explorer.totals(c.req.valid('param').id, { refresh: c.req.valid('query').refresh === 'true' }), 200));
  app.openapi(defineRoute({ access: 'backups:read', method: 'get', path: `${base}/download`, tags, summary: 'Stream an artifact (or, with sidecar=true, its sidecar)', request: { params: IdParams, query: KeyQuery.extend({ sidecar: z.enum(['true', 'false']).optional() }) }, responses: { 200: { description: 'The stored bytes', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses } }),
    async (c) => {
      const { key, sidecar } = c.req.valid('query');
      const file = await explorer.download(c.req.valid('param').id, key, { sidecar: sidecar === 'true', signal: c.req.raw.signal });
      return c.body(Readable.toWeb(file.stream) as ReadableStream, 200, {
        'content-type': file.contentType,
        'content-length': String(file.size),
        'content-disposition': contentDisposition(file.filename),
        'x-content-type-options': 'nosniff',
      }) as never;
    });
  app.openapi(defineRoute({ access: 'backups:write', method: 'delete', path: base, tags, summary: 'Delete a backup (sidecar first, then artifact) or an orphan; 409 when locked', request: { params: IdParams, query: KeyQuery }, responses: { 200: json(z.object({ deleted: z.array(z.string()) })), ...errorResponses } }),
    async (c) => c.json(await explorer.delete(c.req.valid('param').id, c.req.valid('query').key), 200));
  app.openapi(defineRoute({ access: 'backups:write', method: 'put', path: `${base}/lock`, tags, summary: 'Lock a backup: retention and delete leave it alone until unlocked', request: { params: IdParams, query: KeyQuery, body: { required: false, content: { 'application/json': { schema: z.object({ note: z.string().max(500).optional() }) } } } }, responses: { 200: json(LockSchema), ...errorResponses } }),
    async (c) => {
      const body = (await c.req.json().catch(() => ({}))) as { note?: unknown };
      const note = typeof body.note === 'string' ? body.note.slice(0, 500) : null;
      const principal = c.get('principal');
      return c.json(await explorer.lock(c.req.valid('param').id, c.req.valid('query').key, principal?.email ?? null, note), 200);
    });
  app.openapi(defineRoute({ access: 'backups:write', method: 'delete', path: `${base}/lock`, tags, summary: 'Unlock a backup', request: { params: IdParams, query: KeyQuery }, responses: { 204: { description: 'Unlocked' }, ...errorResponses } }),
    async (c) => {
      await explorer.unlock(c.req.valid('param').id, c.req.valid('query').key);
      return c.body(null, 204);
    });
}
