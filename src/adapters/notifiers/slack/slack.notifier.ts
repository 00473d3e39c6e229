import { z } from 'zod';
import { redactFields } from '../../plugin.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { truncate } from '../templates/format.js';
import { SEVERITY_EMOJI, renderMessage, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const slackConfigSchema = z.object({
  /** https://hooks.slack.com/services/T.../B.../<secret>: the URL is the credential. */
  webhookUrl: httpUrl.describe('Incoming webhook URL (Slack app → Incoming Webhooks)'),
});
export type SlackConfig = z.infer<typeof slackConfigSchema>;

/** Slack mrkdwn needs only these three escaped; everything else is literal. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Block Kit: header, summary, up to 10 fields, error, button. `text` is the fallback for notifications. */
export function slackPayload(message: NotificationMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${SEVERITY_EMOJI[message.severity]} ${message.title}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(message.summary) } },
    {
      type: 'section',
      fields: message.fields.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: truncate(`*${f.label}*\n${slackEscape(f.value)}`, 2000) })),
    },
  ];
  if (message.error) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Error*\n\`\`\`${slackEscape(message.error.replace(/`/g, "'"))}\`\`\``, 3000) } });
  }
  if (message.link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Lifeboat' }, url: message.link }] });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Lifeboat · ${message.occurredAt}` }] });
  return { text: `${SEVERITY_EMOJI[message.severity]} ${message.title}`, blocks };
}

export const slackNotifier: NotifierPlugin<SlackConfig> = {
  kind: 'slack',
  label: 'Slack',
  configSchema: slackConfigSchema,
  secretFields: ['webhookUrl'],
  async create(config, deps) {
    return {
      async send(event, signal) {
        await postJson('Slack', config.webhookUrl, slackPayload(renderMessage(event, { publicUrl: deps.publicUrl })), { signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['webhookUrl']),
};
