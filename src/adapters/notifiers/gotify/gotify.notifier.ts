import { z } from 'zod';
import type { NotificationSeverity } from '../../../domain/notification-events.js';
import { redactFields } from '../../plugin.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { renderMessage, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const gotifyConfigSchema = z.object({
  serverUrl: httpUrl.describe('Gotify server, e.g. https://gotify.example.com'),
  appToken: z.string().min(1).describe('Application token (Apps → Create application)'),
});
export type GotifyConfig = z.infer<typeof gotifyConfigSchema>;

/** Gotify priorities 0..10: the Android app is silent below 4 and vibrates from 8. */
export const GOTIFY_PRIORITY: Record<NotificationSeverity, number> = { success: 2, info: 2, warning: 5, failure: 8 };

/** Markdown body; `extras` make clients render it and open the execution on click. */
export function gotifyPayload(message: NotificationMessage): Record<string, unknown> {
  const lines = [message.summary];
  if (message.error) lines.push('', `**Error:** \`${message.error.replace(/`/g, "'")}\``);
  lines.push('', ...message.fields.map((f) => `- **${f.label}:** ${f.value}`));
  if (message.link) lines.push('', `[Open in Lifeboat](${message.link})`);
  const extras: Record<string, unknown> = { 'client::display': { contentType: 'text/markdown' } };
  if (message.link) extras['client::notification'] = { click: { url: message.link } };
  return { title: message.title, message: lines.join('\n'), priority: GOTIFY_PRIORITY[message.severity], extras };
}

export const gotifyNotifier: NotifierPlugin<GotifyConfig> = {
  kind: 'gotify',
  label: 'Gotify',
  configSchema: gotifyConfigSchema,
  secretFields: ['appToken'],
  async create(config, deps) {
    const url = `${config.serverUrl.replace(/\/+$/, '')}/message`;
    return {
      async send(event, signal) {
        // The token goes in a header, not the query string, so it stays out of proxy logs.
        const headers = { 'x-gotify-key': config.appToken };
        await postJson('Gotify', url, gotifyPayload(renderMessage(event, { publicUrl: deps.publicUrl })), { headers, signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['appToken']),
};
