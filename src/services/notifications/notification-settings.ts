import { z } from 'zod';
import type { DeliveryOptions } from '../../adapters/notifiers/delivery.js';

/** Settings keys (settings table, JSON values). */
export const SYSTEM_CHANNELS_KEY = 'systemNotificationChannels';
export const DELIVERY_KEY = 'notificationDelivery';
export const USAGE_THRESHOLDS_KEY = 'destinationUsageThresholds';

/** How hard Lifeboat tries to deliver one event to one channel. */
export const deliverySettingsSchema = z.object({
  /** Total tries, including the first. */
  attempts: z.number().int().min(1).max(10).default(3),
  /** Per attempt: a channel slower than this counts as failed (and is retried). */
  timeoutSeconds: z.number().int().min(1).max(300).default(10),
  /** Delay before the second try; doubles after each failure. */
  retryDelayMs: z.number().int().min(10).max(600_000).default(2_000),
});
export type DeliverySettings = z.infer<typeof deliverySettingsSchema>;

/** A destination whose stored bytes (backups and orphans) should not pass `thresholdBytes` unnoticed. */
export const usageThresholdSchema = z.object({
  destinationId: z.string().min(1),
  thresholdBytes: z.number().int().positive().describe('Announce destination.usage_threshold once the destination holds more than this many bytes'),
});
export type UsageThreshold = z.infer<typeof usageThresholdSchema>;

export const notificationSettingsSchema = z.object({
  /** Channels that receive system events: restores, verification and drill failures, retention, unreachable systems, missed schedules. */
  systemNotificationChannels: z.array(z.string().min(1)).max(20).default([]),
  delivery: deliverySettingsSchema.default(deliverySettingsSchema.parse({})),
  /** Storage usage limits, checked hourly; at most one per destination. Left out of an update: kept as they are. */
  usageThresholds: z.array(usageThresholdSchema).max(100).optional(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export function deliveryOptions(settings: DeliverySettings): Pick<DeliveryOptions, 'attempts' | 'timeoutMs' | 'baseDelayMs'> {
  return { attempts: settings.attempts, timeoutMs: settings.timeoutSeconds * 1000, baseDelayMs: settings.retryDelayMs };
}
