import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { NotificationEvent } from '../../domain/notification-events.js';
import type { ExecutionHandler, HandlerOutcome } from '../../jobs/queue.js';
import type { NotificationsService } from './notifications.service.js';

/** Builds the event a finished run should announce, or undefined for nothing (e.g. a verification that passed). */
export type EventFor = (execution: ExecutionRow, outcome: HandlerOutcome) => NotificationEvent | undefined | Promise<NotificationEvent | undefined>;

/**
 * Wraps a queue handler (restore, verify, drill...) so that each finished run is announced to the system
 * channels. The outcome is returned unchanged and at once: the event is built and delivered in the background,
 * so the queue records the run whatever building or sending the event does.
 *
 *   restore: notifyWhenFinished(restoreHandler(services.restore), services.notifications, restoreEventFor(deps))
 */
export function notifyWhenFinished(handler: ExecutionHandler, notifications: Pick<NotificationsService, 'announce'>, eventFor: EventFor): ExecutionHandler {
  return async (execution, signal) => {
    const outcome = await handler(execution, signal);
    notifications.announce(() => eventFor(execution, outcome));
    return outcome;
  };
}
