import { z } from '@hono/zod-openapi';
import { ValidationError } from '../../lib/errors.js';
import { CONFIG_BACKUP_SETTING, configBackupSchema, type ConfigBackupTask } from '../../services/config-backup/config-backup.task.js';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import type { DestinationsService } from '../../services/destinations.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { errorResponses, json, jsonBody } from '../schemas/common.js';

const StateSchema = z.object({ lastRunAt: z.string().nullable(), lastKey: z.string().nullable(), lastError: z.string().nullable() });
const ViewSchema = z.object({ settings: configBackupSchema.nullable(), state: StateSchema });
const path = '/api/v1/settings/config-backup';
const tags = ['Settings'];

/** The configuration self-backup: where and when Lifeboat saves its own configuration. */
export function registerConfigBackupRoutes(app: HttpApp, deps: { task: ConfigBackupTask; settings: SettingsRepo; destinations: DestinationsService }): void {
  const view = async () => ({ settings: (await deps.settings.get(CONFIG_BACKUP_SETTING)) ?? null, state: await deps.task.state() });
  app.openapi(defineRoute({ access: 'settings:read', method: 'get', path, tags, summary: 'Configuration self-backup settings and last result', responses: { 200: json(ViewSchema), ...errorResponses } }),
    async (c) => c.json((await view()) as never, 200));
  app.openapi(defineRoute({ access: 'settings:write', method: 'put', path, tags, summary: 'Set where and when the configuration is backed up (with recipients, secrets are included, encrypted)', request: jsonBody(configBackupSchema), responses: { 200: json(ViewSchema), ...errorResponses } }),
    async (c) => {
      const settings = c.req.valid('json');
      await deps.destinations.require(settings.destinationId).catch(() => {
        throw new ValidationError(`No destination with id ${settings.destinationId}`, [{ path: 'destinationId', message: 'unknown destination' }]);
      });
      await deps.settings.set(CONFIG_BACKUP_SETTING, settings);
      return c.json((await view()) as never, 200);
    });
  app.openapi(defineRoute({ access: 'settings:write', method: 'post', path: `${path}/run`, tags, summary: 'Back up the configuration now', responses: { 200: json(ViewSchema), ...errorResponses } }),
    async (c) => {
      const settings = configBackupSchema.safeParse(await deps.settings.get(CONFIG_BACKUP_SETTING));
      if (!settings.success) throw new ValidationError('Set up the configuration backup first (destination and schedule)');
      await deps.task.run(settings.data);
      return c.json((await view()) as never, 200);
    });
}
