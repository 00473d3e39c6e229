import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { NotificationEvent } from '../../domain/notification-events.js';
import type { ExecutionHandler, HandlerOutcome } from '../../jobs/queue.js';
import type { NotificationsService } from './notifications.service.js';

/** Builds the event a finished run should announce, or undefined for nothing (e.g. a verification that passed). */
export type EventFor = (execution: ExecutionRow, outcome: HandlerOutcome) => NotificationEvent | undefined | Promise<NotificationEvent | undefined>;

/**
 * Wraps a queue handler (restore, verify, drill...) so that each finished run is announced to the system
 * channels. The outcome is returned unchanged whatever happens while building or sending the event, and
 * delivery runs in the background, so the queue records the run at once.
 *
 *   restore: notifyWhenFinished(restoreHandler(services.restore), services.notifications, restoreEventFor)
 */
export function notifyWhenFinished(handler: ExecutionHandler, notifications: Pick<NotificationsService, 'notifySystem'>, eventFor: EventFor): ExecutionHandler {
  return async (execution, signal) => {
    const outcome = await handler(execution, signal);
    try {
      const event = await eventFor(execution, outcome);
      if (event) await notifications.notifySystem(event);
    } catch {
      // An event that cannot be built must not turn a finished run into a failed one.
    }
    return outcome;
  };
}
