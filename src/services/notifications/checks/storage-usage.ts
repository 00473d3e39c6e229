import type { NotificationEvent } from '../../../domain/notification-events.js';
import type { Clock } from '../../../lib/clock.js';
import type { UsageThreshold } from '../notification-settings.js';
import type { ConditionLog } from './condition-log.js';

export interface StorageUsageDeps {
  thresholds: () => Promise<UsageThreshold[]>;
  destinations: { list(): Promise<{ id: string; name: string }[]> };
  /** Bytes held by backups and by orphans, from the storage explorer's (cached) scan. */
  storage: { totals(destinationId: string): Promise<{ bytes: number; orphans: { bytes: number } }> };
  conditions: ConditionLog;
  notify: (event: NotificationEvent) => Promise<void>;
  clock: Clock;
}

/**
 * Compares what each destination with a usage threshold holds against it. A destination that cannot be
 * scanned is left to the reachability check.
 */
export async function checkStorageUsage(deps: StorageUsageDeps): Promise<void> {
  const names = new Map((await deps.destinations.list()).map((d) => [d.id, d.name]));
  for (const { destinationId, thresholdBytes } of await deps.thresholds()) {
    const name = names.get(destinationId);
    if (name === undefined) continue;
    const totals = await deps.storage.totals(destinationId).catch(() => undefined);
    if (!totals) continue;
    const usedBytes = totals.bytes + totals.orphans.bytes;
    // The key names the threshold too: raising the limit starts a fresh watch instead of staying quiet.
    if (await deps.conditions.observe(`destination.usage_threshold:${destinationId}:${thresholdBytes}`, usedBytes > thresholdBytes)) {
      await deps.notify({ type: 'destination.usage_threshold', occurredAt: deps.clock.now().toISOString(), destination: name, usedBytes, thresholdBytes });
    }
  }
}
