import { z } from 'zod';
import type { NotificationSeverity } from '../../../domain/notification-events.js';
import { redactFields } from '../../plugin.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { renderMessage, renderText, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const ntfyConfigSchema = z.object({
  serverUrl: httpUrl.default('https://ntfy.sh'),
  /** On a public server without access control the topic name is the only protection: make it hard to guess. */
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/, 'Letters, digits, - and _ (up to 64)'),
  /** Access token (tk_...) for protected topics. */
  token: z.string().optional(),
});
export type NtfyConfig = z.infer<typeof ntfyConfigSchema>;

/** ntfy priorities 1..5: failures buzz (4 = high), successes arrive quietly (2 = low). */
export const NTFY_PRIORITY: Record<NotificationSeverity, number> = { success: 2, info: 2, warning: 3, failure: 4 };
const TAGS: Record<NotificationSeverity, string> = { success: 'white_check_mark', info: 'information_source', warning: 'warning', failure: 'rotating_light' };

/** ntfy's JSON publishing format (POST to the server root), which carries the topic in the body. */
export function ntfyPayload(topic: string, message: NotificationMessage): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    topic,
    title: message.title,
    message: renderText(message, { title: false }),
    priority: NTFY_PRIORITY[message.severity],
    tags: [TAGS[message.severity], 'lifeboat'],
  };
  if (message.link) {
    payload.click = message.link;
    payload.actions = [{ action: 'view', label: 'Open in Lifeboat', url: message.link }];
  }
  return payload;
}

export const ntfyNotifier: NotifierPlugin<NtfyConfig> = {
  kind: 'ntfy',
  label: 'ntfy',
  configSchema: ntfyConfigSchema,
  secretFields: ['token'],
  async create(config, deps) {
    const url = `${config.serverUrl.replace(/\/+$/, '')}/`;
    const headers: Record<string, string> = config.token ? { authorization: `Bearer ${config.token}` } : {};
    return {
      async send(event, signal) {
        await postJson('ntfy', url, ntfyPayload(config.topic, renderMessage(event, { publicUrl: deps.publicUrl })), { headers, signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['token']),
};
