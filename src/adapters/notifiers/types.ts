import type { NotificationEvent } from '../../domain/notification-events.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { PluginDescriptor } from '../plugin.js';

/**
 * A channel that tells people about an event (Discord, email, ntfy...). Adapters stay plain: one attempt per
 * call, no retries, no timeouts of their own; `deliver()` in delivery.ts adds the timeout, the retries with
 * backoff and the attempt records around them.
 */
export interface Notifier {
  /**
   * Sends one message about `event`. Resolves when the channel accepted it. Not idempotent: a retry after a
   * lost response may post twice (channels offer no de-duplication key), which beats not posting at all.
   * Honours `signal`: aborting stops the request. Throws TransientError when a retry may help (HTTP 5xx or
   * 429, network error, SMTP 4xx), another LifeboatError otherwise (rejected URL or token, HTTP 4xx). Error
   * messages name the channel and never contain the webhook URL, a token or a password.
   */
  send(event: NotificationEvent, signal: AbortSignal): Promise<void>;
}

export interface NotifierDeps {
  logger: Logger;
  /** Public base URL of the Lifeboat UI (e.g. https://backups.example.com): messages link to the execution. */
  publicUrl?: string;
  /** Timestamps in signatures; defaults to the system clock. */
  clock?: Clock;
}

export type NotifierPlugin<Config = Record<string, unknown>> = PluginDescriptor<Config, Notifier, NotifierDeps>;
