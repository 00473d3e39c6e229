import { z } from '@hono/zod-openapi';
import { generalSettingsPatchSchema, generalSettingsSchema, type GeneralSettingsService } from '../../services/settings/general-settings.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { errorResponses, json, jsonBody } from '../schemas/common.js';

// Rebuilt with the OpenAPI-aware z: the service's schemas may be created before it extends zod.
const Settings = z.object(generalSettingsSchema.shape).openapi('GeneralSettings');
const SettingsPatch = z.object(generalSettingsPatchSchema.shape).openapi('GeneralSettingsPatch');
const path = '/api/v1/settings';
const tags = ['Settings'];

/** General settings: concurrency, worker lease, what new jobs start with. Changes are audited with every other change. */
export function registerSettingsRoutes(app: HttpApp, settings: GeneralSettingsService): void {
  app.openapi(
    defineRoute({ access: 'settings:read', method: 'get', path, tags, summary: 'General settings, with defaults for values never set', responses: { 200: json(Settings), ...errorResponses } }),
    async (c) => c.json(await settings.get(), 200),
  );
  app.openapi(
    defineRoute({ access: 'settings:write', method: 'patch', path, tags, summary: 'Change some general settings (only those named)', request: jsonBody(SettingsPatch), responses: { 200: json(Settings), ...errorResponses } }),
    async (c) => c.json(await settings.update(c.req.valid('json')), 200),
  );
}
