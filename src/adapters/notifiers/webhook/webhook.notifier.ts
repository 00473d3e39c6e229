import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { NotificationEvent } from '../../../domain/notification-events.js';
import { systemClock } from '../../../lib/clock.js';
import { REDACTED_MARKER } from '../../plugin.js';
import { post } from '../http.js';
import { httpUrl } from '../schema.js';
import { renderMessage } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

/** Headers Lifeboat sets itself: a custom header must not change how the body is read or verified. */
const RESERVED = new Set(['content-type', 'content-length', 'host', SIGNATURE_HEADER.toLowerCase(), 'x-lifeboat-event', 'x-lifeboat-delivery']);

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'Not a valid header name')
  .refine((name) => !RESERVED.has(name.toLowerCase()), 'This header is set by Lifeboat');

export const webhookConfigSchema = z.object({
  url: httpUrl.describe('Receiver URL (put credentials in a header or the signing secret, not in the URL)'),
  headers: z.record(headerName, z.string().regex(/^[^\r\n]*$/, 'Header values cannot contain line breaks')).default({})
    .describe('Extra headers, e.g. Authorization'),
  secret: z.string().min(16, 'Use at least 16 characters').optional().describe('Signing secret for the X-Lifeboat-Signature header'),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const WEBHOOK_PAYLOAD_VERSION = 1;

/**
 * Stable across retries of the same event, so receivers can drop duplicates (a retry after a lost
 * response posts the same event twice).
 */
export function deliveryId(event: NotificationEvent): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('hex').slice(0, 32);
}

export function webhookBody(event: NotificationEvent, publicUrl: string | undefined): string {
  return JSON.stringify({ version: WEBHOOK_PAYLOAD_VERSION, id: deliveryId(event), event, message: renderMessage(event, { publicUrl }) });
}

/** Keeps header names visible (useful in the UI) but never their values; strips URL credentials and query. */
function redactUrl(raw: string): string {
  if (!URL.canParse(raw)) return REDACTED_MARKER;
  const url = new URL(raw);
  if (url.username || url.password) url.username = url.password = '';
  for (const key of url.searchParams.keys()) url.searchParams.set(key, REDACTED_MARKER);
  return url.toString();
}

function redactWebhook(config: WebhookConfig): Record<string, unknown> {
  const headers = Object.fromEntries(Object.keys(config.headers ?? {}).map((name) => [name, REDACTED_MARKER]));
  return { ...config, url: redactUrl(config.url), headers, ...(config.secret ? { secret: REDACTED_MARKER } : {}) };
}

export const webhookNotifier: NotifierPlugin<WebhookConfig> = {
  kind: 'webhook',
  label: 'Webhook (JSON, signed)',
  configSchema: webhookConfigSchema,
  // Header values usually carry credentials (Authorization), so the whole map is sealed at rest.
  secretFields: ['headers', 'secret'],
  async create(config, deps) {
    return {
      async send(event, signal) {
        const body = webhookBody(event, deps.publicUrl);
        const headers: Record<string, string> = {
          ...config.headers,
          'content-type': 'application/json',
          'x-lifeboat-event': event.type,
          'x-lifeboat-delivery': deliveryId(event),
        };
        if (config.secret) headers[SIGNATURE_HEADER.toLowerCase()] = signatureHeader(config.secret, body, Math.floor((deps.clock ?? systemClock).now().getTime() / 1000));
        await post('Webhook', config.url, body, { headers, signal });
      },
    };
  },
  redact: redactWebhook,
};
