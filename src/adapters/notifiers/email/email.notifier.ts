import { z } from 'zod';
import { PermissionError, TransientError, ValidationError } from '../../../lib/errors.js';
import { redactFields } from '../../plugin.js';
import { oneLine } from '../templates/format.js';
import { renderMessage, renderText } from '../templates/message.js';
import type { NotifierPlugin } from '../types.js';
import { emailHtml } from './email-html.js';

export const emailConfigSchema = z.object({
  host: z.string().min(1).describe('SMTP server'),
  port: z.number().int().min(1).max(65535).default(587),
  /** starttls: upgrade on 587 and refuse to send in clear; tls: TLS from the first byte (465); none: local relays only. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(3).describe('Sender, e.g. "Lifeboat <backups@example.com>"'),
  to: z.array(z.email()).min(1).describe('Recipients'),
  /** Off only for a relay with a self-signed certificate on a trusted network. */
  verifyCertificate: z.boolean().default(true),
});
export type EmailConfig = z.infer<typeof emailConfigSchema>;

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'EPROTOCOL']);

/** nodemailer errors → ours: SMTP 4xx and network trouble may pass, 5xx and bad credentials will not. */
function translate(error: unknown): Error {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = `Email: ${oneLine(e.message ?? String(error), 300)}`;
  if (e.code === 'EAUTH') return new PermissionError(`${message} (check the SMTP username and password)`, { cause: error });
  if (e.responseCode && e.responseCode >= 400 && e.responseCode < 500) return new TransientError(message, { cause: error });
  if (e.responseCode && e.responseCode >= 500) return new ValidationError(message, [], { cause: error });
  if (e.code && NETWORK_CODES.has(e.code)) return new TransientError(message, { cause: error });
  return new ValidationError(message, [], { cause: error });
}

function transportOptions(config: EmailConfig) {
  return {
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
    tls: { rejectUnauthorized: config.verifyCertificate },
    // Bounds a connection left behind when delivery gives up (nodemailer takes no AbortSignal).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

export const emailNotifier: NotifierPlugin<EmailConfig> = {
  kind: 'email',
  label: 'Email (SMTP)',
  configSchema: emailConfigSchema,
  secretFields: ['password'],
  async create(config, deps) {
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(transportOptions(config));
    return {
      async send(event, signal) {
        signal.throwIfAborted();
        const message = renderMessage(event, { publicUrl: deps.publicUrl });
        try {
          await transport.sendMail({
            from: config.from,
            to: config.to,
            subject: `[Lifeboat] ${message.title}`,
            text: renderText(message),
            html: emailHtml(message),
            headers: { 'X-Lifeboat-Event': event.type },
          });
        } catch (error) {
          throw translate(error);
        }
      },
    };
  },
  redact: (config) => redactFields(config, ['password']),
};
