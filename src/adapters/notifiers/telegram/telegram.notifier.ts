import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import { escapeHtml } from '../email/email-html.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { truncate } from '../templates/format.js';
import { SEVERITY_EMOJI, renderMessage, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const telegramConfigSchema = z.object({
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'Expected a token like 123456:ABC-DEF... from @BotFather'),
  chatId: z.string().regex(/^(-?\d+|@[A-Za-z0-9_]{5,})$/, 'A numeric chat id or @channelname'),
  /** Forum topic, for groups with topics. */
  messageThreadId: z.number().int().positive().optional(),
  /** Successes arrive without a sound; problems ring. */
  silentSuccess: z.boolean().default(true),
  apiBaseUrl: httpUrl.default('https://api.telegram.org').describe('Bot API server (a self-hosted one, or a test server)'),
});
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

/** Telegram's HTML subset: b, code, a. Each part is capped so the whole stays under the 4096-char limit. */
export function telegramText(message: NotificationMessage): string {
  const lines = [`<b>${SEVERITY_EMOJI[message.severity]} ${escapeHtml(truncate(message.title, 200))}</b>`, escapeHtml(message.summary)];
  if (message.error) lines.push('', `<b>Error:</b> <code>${escapeHtml(message.error)}</code>`);
  lines.push('', ...message.fields.map((f) => `<b>${escapeHtml(f.label)}:</b> ${escapeHtml(truncate(f.value, 300))}`));
  if (message.link) lines.push('', `<a href="${escapeHtml(message.link)}">Open in Lifeboat</a>`);
  return lines.join('\n');
}

export const telegramNotifier: NotifierPlugin<TelegramConfig> = {
  kind: 'telegram',
  label: 'Telegram',
  configSchema: telegramConfigSchema,
  secretFields: ['botToken'],
  async create(config, deps) {
    // The token sits in the path; http.ts never puts URLs in error messages.
    const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/bot${config.botToken}/sendMessage`;
    return {
      async send(event, signal) {
        const message = renderMessage(event, { publicUrl: deps.publicUrl });
        const body: Record<string, unknown> = {
          chat_id: config.chatId,
          text: telegramText(message),
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          disable_notification: config.silentSuccess && message.severity === 'success',
        };
        if (config.messageThreadId) body.message_thread_id = config.messageThreadId;
        await postJson('Telegram', url, body, { signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['botToken']),
};
