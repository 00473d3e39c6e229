import { z } from '@hono/zod-openapi';
import { restoreRequestSchema } from '../../services/restore/restore-request.js';
import type { RestoreService } from '../../services/restore/restore.service.js';
import type { VerifyService } from '../../services/verify/verify.service.js';
import type { ExecutionView } from '../../services/executions/execution-view.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { IdParams, errorResponses, json, jsonBody } from '../schemas/common.js';
import { ExecutionSchema } from '../schemas/execution.js';
import { WaitQuery, triggerOf, waitSignal } from './run-requests.js';

/** `wait=true` holds a request that starts a run until the run ends. */
const TablesQuery = z.object({ key: z.string().min(1).max(1024).openapi({ description: 'Artifact (or sidecar) key as the storage explorer lists it' }) });
const TableSchema = z.object({ name: z.string(), schema: z.string().nullable(), table: z.string() });
const TablesSchema = z.object({ key: z.string(), engine: z.string(), tables: z.array(TableSchema) }).openapi('BackupTables');
const VerifyBodySchema = z.object({
  key: z.string().min(1).max(1024),
  /** One-off key to check the age authentication of every chunk; used once, never stored. */
  identity: z.string().min(1).max(64 * 1024).optional(),
  passphrase: z.string().min(1).max(64 * 1024).optional(),
}).openapi('VerifyRequest');
const VerificationSchema = z.object({
  id: z.string(), destinationId: z.string(), key: z.string(), backupId: z.string().nullable(), executionId: z.string().nullable(),
  checkedAt: z.string(), status: z.enum(['passed', 'failed']), bytes: z.number(), sizeOk: z.boolean(), checksumOk: z.boolean(),
  authenticated: z.boolean().nullable(), error: z.string().nullable(),
}).openapi('Verification');
const tags = ['Restore'];

export interface RestoreRouteDeps {
  restore: RestoreService;
  verify: VerifyService;
  waitFor(id: string, signal: AbortSignal): Promise<ExecutionView>;
}

/** Header names for one-off keys on GET requests (never in a URL, where logs and proxies would keep them). */
const IDENTITY_HEADER = 'x-lifeboat-age-identity';
const PASSPHRASE_HEADER = 'x-lifeboat-age-passphrase';

export function registerRestoreRoutes(app: HttpApp, deps: RestoreRouteDeps): void {
  app.openapi(
    defineRoute({
      access: 'restore:execute', method: 'post', path: '/api/v1/restores', tags,
      summary: 'Restore backups from a destination into a source; with wait=true, answer when it ended',
      description: 'Secrets (createWith, decryption) are used once, kept in memory only and never recorded.',
      request: { query: WaitQuery, ...jsonBody(restoreRequestSchema) },
      responses: { 202: json(ExecutionSchema, 'Queued'), 200: json(ExecutionSchema, 'Finished (wait=true)'), ...errorResponses },
    }),
    async (c) => {
      const { wait, timeout } = c.req.valid('query');
      const execution = await deps.restore.start(c.req.valid('json'), triggerOf(c.get('principal')));
      if (wait !== 'true') return c.json(execution as never, 202);
      return c.json((await deps.waitFor(execution.id, waitSignal(c.req.raw, timeout))) as never, 200);
    },
  );
  app.openapi(
    defineRoute({
      access: 'backups:read', method: 'get', path: '/api/v1/destinations/{id}/backups/tables', tags,
      summary: "List a backup's tables, read from the backup itself (PostgreSQL and MySQL/MariaDB)",
      description: `Encrypted backups need a key: send it in the ${IDENTITY_HEADER} or ${PASSPHRASE_HEADER} header.`,
      request: { params: IdParams, query: TablesQuery },
      responses: { 200: json(TablesSchema), ...errorResponses },
    }),
    async (c) => {
      const identity = c.req.header(IDENTITY_HEADER);
      const passphrase = c.req.header(PASSPHRASE_HEADER);
      const decryption = identity || passphrase ? { identity: identity || undefined, passphrase: passphrase || undefined } : undefined;
      return c.json(await deps.restore.listTables(c.req.valid('param').id, c.req.valid('query').key, decryption, c.req.raw.signal), 200);
    },
  );
  app.openapi(
    defineRoute({
      // execute, not read: it starts work that downloads whole artifacts from storage.
      access: 'backups:execute', method: 'post', path: '/api/v1/destinations/{id}/backups/verify', tags,
      summary: 'Re-read a backup and check its size, sha256 and (with a key) encryption authentication; with wait=true, answer when done',
      request: { params: IdParams, query: WaitQuery, ...jsonBody(VerifyBodySchema) },
      responses: { 202: json(ExecutionSchema, 'Queued'), 200: json(ExecutionSchema, 'Finished (wait=true)'), ...errorResponses },
    }),
    async (c) => {
      const { wait, timeout } = c.req.valid('query');
      const { key, identity, passphrase } = c.req.valid('json');
      const decryption = identity || passphrase ? { identity, passphrase } : undefined;
      const execution = await deps.verify.start({ destinationId: c.req.valid('param').id, key, decryption }, triggerOf(c.get('principal')));
      if (wait !== 'true') return c.json(execution as never, 202);
      return c.json((await deps.waitFor(execution.id, waitSignal(c.req.raw, timeout))) as never, 200);
    },
  );
  app.openapi(
    defineRoute({
      access: 'backups:read', method: 'get', path: '/api/v1/destinations/{id}/backups/verifications', tags,
      summary: 'Verification results of a backup, newest first',
      request: { params: IdParams, query: TablesQuery },
      responses: { 200: json(z.array(VerificationSchema)), ...errorResponses },
    }),
    async (c) => c.json(await deps.verify.repo.forBackup(c.req.valid('param').id, c.req.valid('query').key.replace(/\.meta\.json$/, '')), 200),
  );
}
