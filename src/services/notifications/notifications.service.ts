import { deliver, type DeliveryAttempt, type DeliveryResult } from '../../adapters/notifiers/delivery.js';
import { testEvent } from '../../adapters/notifiers/test-event.js';
import type { NotificationAttemptsRepo, AttemptFilter } from '../../db/repositories/notifications/attempts.repo.js';
import type { SettingsRepo } from '../../db/repositories/settings.repo.js';
import { eventExecutionId, isProblem, type NotificationEvent, type NotificationEventType } from '../../domain/notification-events.js';
import type { NotificationRule } from '../../domain/job.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { redactUrls } from '../../lib/redact.js';
import type { NotificationChannelsService } from './channels.service.js';
import { attemptView, type AttemptView } from './attempt-view.js';
import { DELIVERY_KEY, SYSTEM_CHANNELS_KEY, USAGE_THRESHOLDS_KEY, deliveryOptions, notificationSettingsSchema, type NotificationSettings, type UsageThreshold } from './notification-settings.js';

export interface NotificationsDeps {
  channels: NotificationChannelsService;
  attempts: NotificationAttemptsRepo;
  settings: SettingsRepo;
  clock: Clock;
  logger: Logger;
  /** The ids among `ids` that are configured destinations (usage thresholds name destinations). */
  existingDestinations: (ids: string[]) => Promise<string[]>;
  /** Adds a line to the execution an event is about ("Notified ops-webhook"); optional, never fails delivery. */
  logToExecution?: (executionId: string, message: string, level: 'info' | 'warn') => Promise<void>;
}

/** Which channels a job's rules send an event to: 'failure' rules get partial and failed backups only. */
export function channelsFor(rules: NotificationRule[], event: Pick<NotificationEvent, 'type'>): string[] {
  const ids = rules.filter((rule) => rule.on === 'always' || isProblem(event)).map((rule) => rule.channelId);
  return [...new Set(ids)];
}

/**
 * Sends events to channels. Delivery runs in the background with bounded timeouts and retries (see
 * delivery.ts), so a slow or broken channel never holds the queue or changes what it is reporting about;
 * every attempt is recorded in notification_attempts.
 */
export class NotificationsService {
  private readonly inFlight = new Set<Promise<void>>();
  private shutdown = new AbortController();

  constructor(private readonly deps: NotificationsDeps) {}

  /** Delivers `event` to the channels of a job's rules, in the background. Never throws. */
  notifyRules(rules: NotificationRule[], event: NotificationEvent): void {
    this.dispatch(channelsFor(rules, event), event);
  }

  /**
   * System events (restore finished, verification or drill failed, retention removed backups, a source or
   * destination unreachable, a missed schedule) go to the channels chosen in the notification settings.
   * Resolves once delivery has started in the background; never throws.
   */
  async notifySystem(event: NotificationEvent): Promise<void> {
    try {
      this.dispatch((await this.deps.settings.get<string[]>(SYSTEM_CHANNELS_KEY)) ?? [], event);
    } catch (error) {
      this.deps.logger.error({ event: event.type, err: firstLine(error) }, 'Could not send a system notification');
    }
  }

  /**
   * Builds a system event and delivers it, all in the background (building may read storage, which must not
   * hold up whoever finished the work). Never throws; `idle()` waits for it.
   */
  announce(build: () => NotificationEvent | undefined | Promise<NotificationEvent | undefined>): void {
    const run = (async () => {
      try {
        const event = await build();
        if (event) await this.notifySystem(event);
      } catch (error) {
        this.deps.logger.error({ err: firstLine(error) }, 'Could not build a system notification');
      }
    })().finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** "Send test": a realistic sample, delivered now with the usual timeout but a single attempt. */
  async sendTest(channelId: string, type: NotificationEventType = 'backup.failed'): Promise<DeliveryResult> {
    const { notifier, view } = await this.deps.channels.open(channelId);
    const event = testEvent(type, this.deps.clock.now());
    const options = deliveryOptions(await this.delivery());
    return deliver(notifier, event, { ...options, attempts: 1, clock: this.deps.clock, logger: this.deps.logger, label: `${view.kind}: ${view.name}`, record: (a) => this.record(channelId, event, a) });
  }

  async history(filter: AttemptFilter): Promise<AttemptView[]> {
    return (await this.deps.attempts.list(filter)).map(attemptView);
  }

  async getSettings(): Promise<NotificationSettings> {
    const { settings } = this.deps;
    return notificationSettingsSchema.parse({
      systemNotificationChannels: (await settings.get<string[]>(SYSTEM_CHANNELS_KEY)) ?? [],
      delivery: (await settings.get(DELIVERY_KEY)) ?? {},
      usageThresholds: await this.liveThresholds((await settings.get<UsageThreshold[]>(USAGE_THRESHOLDS_KEY)) ?? []),
    });
  }

  /** A deleted destination's threshold goes with it, so the settings a client reads can always be saved back. */
  private async liveThresholds(thresholds: UsageThreshold[]): Promise<UsageThreshold[]> {
    if (thresholds.length === 0) return thresholds;
    const live = new Set(await this.deps.existingDestinations(thresholds.map((t) => t.destinationId)));
    return thresholds.filter((t) => live.has(t.destinationId));
  }

  async updateSettings(input: NotificationSettings): Promise<NotificationSettings> {
    const ids = [...new Set(input.systemNotificationChannels)];
    const known = await this.deps.channels.existing(ids);
    const missing = ids.filter((id) => !known.includes(id));
    if (missing.length) throw new ValidationError(`Unknown notification channel(s): ${missing.join(', ')}`, [{ path: 'systemNotificationChannels', message: 'unknown channel' }]);
    if (input.usageThresholds) await this.assertThresholds(input.usageThresholds);
    await this.deps.settings.set(SYSTEM_CHANNELS_KEY, ids);
    await this.deps.settings.set(DELIVERY_KEY, input.delivery);
    if (input.usageThresholds) await this.deps.settings.set(USAGE_THRESHOLDS_KEY, input.usageThresholds);
    return this.getSettings();
  }

  private async assertThresholds(thresholds: UsageThreshold[]): Promise<void> {
    const ids = thresholds.map((t) => t.destinationId);
    if (new Set(ids).size !== ids.length) throw new ValidationError('A destination has two usage thresholds', [{ path: 'usageThresholds', message: 'one threshold per destination' }]);
    const known = await this.deps.existingDestinations(ids);
    const unknown = ids.filter((id) => !known.includes(id));
    if (unknown.length) throw new ValidationError(`Unknown destination(s): ${unknown.join(', ')}`, [{ path: 'usageThresholds', message: 'unknown destination' }]);
  }

  /** Resolves when no delivery is under way (tests; graceful shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Gives running deliveries `graceMs` to finish, then aborts them (recorded as failed). */
  async stop(graceMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);
    this.shutdown.abort();
    await this.idle();
    this.shutdown = new AbortController();
  }

  private dispatch(channelIds: string[], event: NotificationEvent): void {
    for (const channelId of new Set(channelIds)) {
      const run = this.deliverTo(channelId, event).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    }
  }

  private async deliverTo(channelId: string, event: NotificationEvent): Promise<void> {
    const executionId = eventExecutionId(event);
    try {
      const { notifier, view } = await this.deps.channels.open(channelId);
      const options = deliveryOptions(await this.delivery());
      const result = await deliver(notifier, event, {
        ...options, clock: this.deps.clock, logger: this.deps.logger, signal: this.shutdown.signal,
        label: `${view.kind}: ${view.name}`, record: (a) => this.record(channelId, event, a),
      });
      if (executionId) await this.logResult(executionId, view.name, result);
    } catch (error) {
      // The channel could not even be built (deleted, unreadable secrets): record it like a failed attempt.
      const attempt = { attempt: 1, ok: false, startedAt: this.deps.clock.now().toISOString(), durationMs: 0, error: redactUrls(firstLine(error)) };
      await this.record(channelId, event, attempt).catch((e: unknown) => this.deps.logger.error({ err: firstLine(e) }, 'Could not record a notification attempt'));
      if (executionId) await this.logResult(executionId, channelId, { ok: false, attempts: [attempt], error: attempt.error });
    }
  }

  private async record(channelId: string, event: NotificationEvent, attempt: DeliveryAttempt): Promise<void> {
    await this.deps.attempts.insert({
      channel_id: channelId, event_type: event.type, execution_id: eventExecutionId(event) ?? null, attempt: attempt.attempt,
      ok: attempt.ok ? 1 : 0, error: attempt.error ?? null, duration_ms: attempt.durationMs, at: attempt.startedAt,
    });
  }

  private async logResult(executionId: string, channel: string, result: DeliveryResult): Promise<void> {
    const tries = result.attempts.length === 1 ? '' : ` (${result.attempts.length} attempts)`;
    const message = result.ok ? `Notified ${channel}${tries}` : `Notification to ${channel} failed${tries}: ${result.error ?? 'unknown error'}`;
    await this.deps.logToExecution?.(executionId, message, result.ok ? 'info' : 'warn').catch(() => undefined);
  }

  private async delivery() {
    return (await this.getSettings()).delivery;
  }
}
