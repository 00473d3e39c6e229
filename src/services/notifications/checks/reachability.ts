import type { NotificationEvent } from '../../../domain/notification-events.js';
import type { Clock } from '../../../lib/clock.js';
import { withDeadline } from '../../../lib/deadline.js';
import { firstLine } from '../../../lib/errors.js';
import { redactUrls } from '../../../lib/redact.js';
import type { ConditionLog } from './condition-log.js';

export interface ReachabilityDeps {
  jobs: { list(): Promise<{ enabled: boolean; sourceId: string; destinationIds: string[] }[]> };
  sources: { list(): Promise<{ id: string; name: string; active: boolean }[]>; test(id: string, signal?: AbortSignal): Promise<unknown> };
  destinations: { list(): Promise<{ id: string; name: string }[]>; test(id: string): Promise<unknown> };
  conditions: ConditionLog;
  notify: (event: NotificationEvent) => Promise<void>;
  clock: Clock;
  timeoutMs: number;
}

/**
 * Connects to every source and destination an enabled job uses (a paused source is left alone) and announces
 * the ones that stopped answering, before the next backup fails on them.
 */
export async function checkReachability(deps: ReachabilityDeps): Promise<void> {
  const jobs = (await deps.jobs.list()).filter((job) => job.enabled);
  const sourceIds = new Set(jobs.map((job) => job.sourceId));
  const destinationIds = new Set(jobs.flatMap((job) => job.destinationIds));
  const sources = (await deps.sources.list()).filter((s) => s.active && sourceIds.has(s.id));
  const destinations = (await deps.destinations.list()).filter((d) => destinationIds.has(d.id));
  await Promise.all([
    ...sources.map(async (source) => {
      const error = await problem(deps.timeoutMs, (signal) => deps.sources.test(source.id, signal));
      if (await deps.conditions.observe(`source.unreachable:${source.id}`, error !== undefined)) {
        await deps.notify({ type: 'source.unreachable', occurredAt: deps.clock.now().toISOString(), source: source.name, error: error! });
      }
    }),
    ...destinations.map(async (destination) => {
      const error = await problem(deps.timeoutMs, () => deps.destinations.test(destination.id));
      if (await deps.conditions.observe(`destination.unreachable:${destination.id}`, error !== undefined)) {
        await deps.notify({ type: 'destination.unreachable', occurredAt: deps.clock.now().toISOString(), destination: destination.name, error: error! });
      }
    }),
  ]);
}

/** The first line of what went wrong (credentials in URLs removed), or undefined when the test passed in time. */
async function problem(timeoutMs: number, test: (signal: AbortSignal) => Promise<unknown>): Promise<string | undefined> {
  try {
    await withDeadline(test, timeoutMs, { timeout: () => new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`) });
    return undefined;
  } catch (error) {
    return redactUrls(firstLine(error));
  }
}
