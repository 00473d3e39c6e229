import { describe, expect, it } from 'vitest';
import { testEvent } from '../../adapters/notifiers/test-event.js';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { NotificationEvent } from '../../domain/notification-events.js';
import type { HandlerOutcome } from '../../jobs/queue.js';
import { notifyWhenFinished } from './system-events.js';

const execution = { id: 'e1', type: 'restore' } as ExecutionRow;

function harness(outcome: HandlerOutcome) {
  const sent: NotificationEvent[] = [];
  return { sent, handler: async () => outcome, notifications: { notifySystem: async (event: NotificationEvent) => void sent.push(event) } };
}

describe('notifyWhenFinished', () => {
  it('announces the event built from the outcome and returns the outcome unchanged', async () => {
    const outcome: HandlerOutcome = { status: 'failed', result: null, error: 'target refused', retryable: false };
    const h = harness(outcome);
    const wrapped = notifyWhenFinished(h.handler, h.notifications, (e, o) => ({ ...testEvent('restore.failed'), executionId: e.id, error: o.error! }));
    expect(await wrapped(execution, new AbortController().signal)).toBe(outcome);
    expect(h.sent).toMatchObject([{ type: 'restore.failed', executionId: 'e1', error: 'target refused' }]);
  });

  it('sends nothing when there is nothing to say, and survives an event builder that throws', async () => {
    const outcome: HandlerOutcome = { status: 'succeeded', result: {}, error: null };
    const h = harness(outcome);
    expect(await notifyWhenFinished(h.handler, h.notifications, () => undefined)(execution, new AbortController().signal)).toBe(outcome);
    const throwing = notifyWhenFinished(h.handler, h.notifications, () => { throw new Error('bad payload'); });
    expect(await throwing(execution, new AbortController().signal)).toBe(outcome);
    expect(h.sent).toEqual([]);
  });
});
