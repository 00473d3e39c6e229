import { z } from 'zod';
import type { NotificationSeverity } from '../../../domain/notification-events.js';
import { redactFields } from '../../plugin.js';
import { postJson } from '../http.js';
import { httpUrl } from '../schema.js';
import { renderMessage, type NotificationMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';

export const teamsConfigSchema = z.object({
  /** A Teams workflow "When a Teams webhook request is received" URL; its `sig` parameter is the credential. */
  webhookUrl: httpUrl.describe('Workflow webhook URL (Teams → Workflows → "Post to a channel when a webhook request is received")'),
});
export type TeamsConfig = z.infer<typeof teamsConfigSchema>;

const COLORS: Record<NotificationSeverity, string> = { success: 'Good', info: 'Accent', warning: 'Warning', failure: 'Attention' };

/** An Adaptive Card 1.4 in the message envelope that Teams workflows (and the older connectors) accept. */
export function teamsPayload(message: NotificationMessage): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', color: COLORS[message.severity], wrap: true },
    { type: 'TextBlock', text: message.summary, wrap: true, spacing: 'Small' },
  ];
  if (message.error) body.push({ type: 'TextBlock', text: message.error, color: 'Attention', fontType: 'Monospace', wrap: true });
  body.push({ type: 'FactSet', facts: message.fields.map((f) => ({ title: f.label, value: f.value })) });
  body.push({ type: 'TextBlock', text: `Lifeboat · ${message.occurredAt}`, isSubtle: true, size: 'Small', wrap: true });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    msteams: { width: 'Full' },
  };
  if (message.link) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in Lifeboat', url: message.link }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

export const teamsNotifier: NotifierPlugin<TeamsConfig> = {
  kind: 'teams',
  label: 'Microsoft Teams',
  configSchema: teamsConfigSchema,
  secretFields: ['webhookUrl'],
  async create(config, deps) {
    return {
      async send(event, signal) {
        await postJson('Microsoft Teams', config.webhookUrl, teamsPayload(renderMessage(event, { publicUrl: deps.publicUrl })), { signal });
      },
    };
  },
  redact: (config) => redactFields(config, ['webhookUrl']),
};
