import { describe, expect, it } from 'vitest';
import { testEvent } from '../../adapters/notifiers/test-event.js';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { NotificationEvent } from '../../domain/notification-events.js';
import type { HandlerOutcome } from '../../jobs/queue.js';
import type { Logger } from '../../lib/logger.js';
import { NotificationsService, type NotificationsDeps } from './notifications.service.js';
import { notifyWhenFinished } from './system-events.js';

const execution = { id: 'e1', type: 'restore' } as ExecutionRow;

describe('notifyWhenFinished', () => {
  it('returns the outcome at once and announces the event built from it in the background', async () => {
    const outcome: HandlerOutcome = { status: 'failed', result: null, error: 'target refused', retryable: false };
    const builds: Promise<NotificationEvent | undefined>[] = [];
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const announce = (build: () => Promise<NotificationEvent | undefined>) => void builds.push(build());
    const wrapped = notifyWhenFinished(async () => outcome, { announce }, async (e, o) => {
      await gate;
      return { ...testEvent('restore.failed'), executionId: e.id, error: o.error! };
    });
    expect(await wrapped(execution, new AbortController().signal)).toBe(outcome);
    release();
    expect(await Promise.all(builds)).toMatchObject([{ type: 'restore.failed', executionId: 'e1', error: 'target refused' }]);
  });
});

describe('NotificationsService.announce', () => {
  it('sends nothing when there is nothing to say, and logs an event builder that throws', async () => {
    const errors: unknown[] = [];
    const logger = { error: (fields: unknown) => void errors.push(fields) } as unknown as Logger;
    // Neither case reaches the channels, settings or the attempt history: only the logger is needed.
    const service = new NotificationsService({ logger } as NotificationsDeps);
    service.announce(() => undefined);
    service.announce(() => { throw new Error('bad payload'); });
    await service.idle();
    expect(errors).toEqual([{ err: 'bad payload' }]);
  });
});
