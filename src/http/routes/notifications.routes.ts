import { z } from '@hono/zod-openapi';
import { NOTIFICATION_EVENT_TYPES } from '../../domain/notification-events.js';
import type { NotificationChannelsService } from '../../services/notifications/channels.service.js';
import { notificationSettingsSchema } from '../../services/notifications/notification-settings.js';
import type { NotificationsService } from '../../services/notifications/notifications.service.js';
import type { HttpApp } from '../app.js';
import { defineRoute } from '../route.js';
import { ConfigSchema, IdParams, NameSchema, errorResponses, json, jsonBody } from '../schemas/common.js';
import { registerConfiguredRoutes } from './configured.routes.js';

const ChannelSchema = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), config: ConfigSchema, createdAt: z.string(), updatedAt: z.string() })
  .openapi('NotificationChannel');
const ChannelCreateSchema = z.object({ name: NameSchema, kind: z.string().min(1).max(50), config: ConfigSchema }).openapi('NotificationChannelCreate');

const AttemptSchema = z
  .object({
    attempt: z.number(), ok: z.boolean(), startedAt: z.string(), durationMs: z.number(),
    error: z.string().optional(), retryable: z.boolean().optional(),
  })
  .openapi('NotificationDeliveryAttempt');
const TestResultSchema = z.object({ ok: z.boolean(), attempts: z.array(AttemptSchema), error: z.string().optional() }).openapi('NotificationTestResult');
const TestQuery = z.object({ event: z.enum(NOTIFICATION_EVENT_TYPES).default('backup.failed').openapi({ description: 'Which sample event to send' }) });

const HistoryItemSchema = z
  .object({
    id: z.number(), channelId: z.string(), eventType: z.string(), executionId: z.string().nullable(), attempt: z.number(),
    ok: z.boolean(), error: z.string().nullable(), durationMs: z.number(), at: z.string(),
  })
  .openapi('NotificationAttempt');
const HistoryQuery = z.object({
  channelId: z.string().max(100).optional(),
  executionId: z.string().max(100).optional(),
  before: z.iso.datetime().optional().openapi({ description: 'Page: attempts made before this time' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// Defined with plain zod in the service: named here it would depend on import order, so it stays unnamed.
const SettingsSchema = notificationSettingsSchema;
const tags = ['Notifications'];

/** Channels (CRUD, kinds, send test), the delivery history and the system-event settings. */
export function registerNotificationsRoutes(app: HttpApp, channels: NotificationChannelsService, notifications: NotificationsService): void {
  registerConfiguredRoutes(app, {
    resource: 'notifications',
    tag: 'Notifications',
    view: ChannelSchema,
    create: ChannelCreateSchema,
    patch: ChannelCreateSchema.partial().openapi('NotificationChannelPatch'),
    plugins: () => channels.plugins.values(),
    service: channels,
  });
  app.openapi(
    defineRoute({ access: 'notifications:write', method: 'post', path: '/api/v1/notification-channels/{id}/test', tags, summary: 'Send a sample message now (one attempt) and report how it went', request: { params: IdParams, query: TestQuery }, responses: { 200: json(TestResultSchema), ...errorResponses } }),
    async (c) => c.json(await notifications.sendTest(c.req.valid('param').id, c.req.valid('query').event), 200),
  );
  app.openapi(
    defineRoute({ access: 'notifications:read', method: 'get', path: '/api/v1/notification-attempts', tags, summary: 'Delivery history, newest first', request: { query: HistoryQuery }, responses: { 200: json(z.array(HistoryItemSchema)), ...errorResponses } }),
    async (c) => c.json(await notifications.history(c.req.valid('query')), 200),
  );
  app.openapi(
    defineRoute({ access: 'settings:read', method: 'get', path: '/api/v1/settings/notifications', tags, summary: 'Channels for system events and delivery retries', responses: { 200: json(SettingsSchema), ...errorResponses } }),
    async (c) => c.json(await notifications.getSettings(), 200),
  );
  app.openapi(
    defineRoute({ access: 'settings:write', method: 'put', path: '/api/v1/settings/notifications', tags, summary: 'Choose channels for system events and delivery retries', request: jsonBody(SettingsSchema), responses: { 200: json(SettingsSchema), ...errorResponses } }),
    async (c) => c.json(await notifications.updateSettings(c.req.valid('json')), 200),
  );
}
