import { z } from 'zod';
import type { NotificationSeverity } from '../../../domain/notification-events.js';
import { redactFields } from '../../plugin.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { truncate } from '../templates/format.js';
import { renderMessage, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const discordConfigSchema = z.object({
  /** https://discord.com/api/webhooks/<id>/<token>: the token makes the whole URL a secret. */
  webhookUrl: httpUrl.describe('Webhook URL (Channel settings → Integrations → Webhooks)'),
  username: z.string().min(1).max(80).default('Lifeboat').describe('Name shown as the sender'),
});
export type DiscordConfig = z.infer<typeof discordConfigSchema>;

export const DISCORD_COLORS: Record<NotificationSeverity, number> = {
  success: 0x2ecc71,
  info: 0x3498db,
  warning: 0xf1c40f,
  failure: 0xe74c3c,
};

/** One embed, within Discord's limits (title 256, description 4096, field value 1024, 25 fields). */
export function discordPayload(message: NotificationMessage, username: string): Record<string, unknown> {
  const error = message.error ? `\n\n**Error:** \`${message.error.replace(/`/g, "'")}\`` : '';
  const embed: Record<string, unknown> = {
    title: truncate(message.title, 256),
    description: truncate(`${message.summary}${error}`, 4096),
    color: DISCORD_COLORS[message.severity],
    fields: message.fields.slice(0, 25).map((f) => ({ name: f.label, value: truncate(f.value, 1024), inline: true })),
    timestamp: message.occurredAt,
    footer: { text: 'Lifeboat' },
  };
  if (message.link) embed.url = message.link;
  // Names and error text come from users and servers: never let them ping @everyone.
  return { username, embeds: [embed], allowed_mentions: { parse: [] } };
}

export const discordNotifier: NotifierPlugin<DiscordConfig> = {
  kind: 'discord',
  label: 'Discord',
  configSchema: discordConfigSchema,
  secretFields: ['webhookUrl'],
  async create(config, deps) {
    return {
      async send(event, signal) {
        const message = renderMessage(event, { publicUrl: deps.publicUrl });
        await postJson('Discord', config.webhookUrl, discordPayload(message, config.username), { signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['webhookUrl']),
};
