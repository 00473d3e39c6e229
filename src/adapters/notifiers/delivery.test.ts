import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.js';
import { PermissionError, TransientError, ValidationError } from '../../lib/errors.js';
import { deliver, type DeliveryAttempt } from './delivery.js';
import { RetryAfterError } from './http.js';
import { testEvent } from './test-event.js';
import type { Notifier } from './types.js';

/** A notifier that fails with the given errors in turn, then succeeds. */
function scripted(...failures: Error[]): Notifier & { calls: number } {
  const notifier = {
    calls: 0,
    async send() {
      const failure = failures[notifier.calls++];
      if (failure) throw failure;
    },
  };
  return notifier;
}

function harness() {
  const delays: number[] = [];
  const records: DeliveryAttempt[] = [];
  return {
    delays,
    records,
    options: {
      clock: new FakeClock(),
      sleep: async (ms: number) => void delays.push(ms),
      record: (a: DeliveryAttempt) => void records.push(a),
      baseDelayMs: 100,
    },
  };
}

describe('deliver', () => {
  it('records one attempt when the first send works', async () => {
    const h = harness();
    const result = await deliver(scripted(), testEvent(), h.options);
    expect(result).toMatchObject({ ok: true, attempts: [{ attempt: 1, ok: true }] });
    expect(h.records).toHaveLength(1);
  });

  it('retries transient failures with exponential backoff and records each attempt', async () => {
    const h = harness();
    const notifier = scripted(new TransientError('Slack answered HTTP 502'), new TransientError('x\nsecond line'));
    const result = await deliver(notifier, testEvent(), { ...h.options, attempts: 4 });
    expect(result.ok).toBe(true);
    expect(h.delays).toEqual([100, 200]);
    expect(h.records.map((a) => [a.attempt, a.ok, a.error, a.retryable])).toEqual([
      [1, false, 'Slack answered HTTP 502', true],
      [2, false, 'x', true],
      [3, true, undefined, undefined],
    ]);
  });

  it('does not retry a rejected request (4xx other than 429)', async () => {
    const h = harness();
    const notifier = scripted(new ValidationError('Discord answered HTTP 400'));
    const result = await deliver(notifier, testEvent(), h.options);
    expect(result).toMatchObject({ ok: false, error: 'Discord answered HTTP 400', attempts: [{ retryable: false }] });
    expect(notifier.calls).toBe(1);
    expect(await deliver(scripted(new PermissionError('401')), testEvent(), h.options)).toMatchObject({ attempts: [{ attempt: 1 }] });
  });

  it('gives up after the last attempt and returns, never throws', async () => {
    const h = harness();
    const notifier = scripted(...Array.from({ length: 5 }, () => new TransientError('down')));
    const result = await deliver(notifier, testEvent(), { ...h.options, attempts: 3 });
    expect(result).toMatchObject({ ok: false, error: 'down' });
    expect(result.attempts).toHaveLength(3);
    expect(h.delays).toEqual([100, 200]);
  });

  it('waits as long as Retry-After asks, within the cap', async () => {
    const h = harness();
    const notifier = scripted(new RetryAfterError('429', 5_000), new RetryAfterError('429', 999_999));
    await deliver(notifier, testEvent(), { ...h.options, maxDelayMs: 30_000 });
    expect(h.delays).toEqual([5_000, 30_000]);
  });

  it('times out an attempt even when the adapter ignores the signal', async () => {
    const h = harness();
    const hanging: Notifier = { send: () => new Promise(() => {}) };
    const result = await deliver(hanging, testEvent(), { ...h.options, timeoutMs: 20, attempts: 2 });
    expect(result.attempts.map((a) => [a.ok, a.error, a.retryable])).toEqual([
      [false, 'Timed out after 20 ms', true],
      [false, 'Timed out after 20 ms', true],
    ]);
  });

  it('stops without retrying when the caller cancels', async () => {
    const h = harness();
    const controller = new AbortController();
    const notifier: Notifier = {
      send: (_event, signal) => {
        controller.abort();
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    };
    const result = await deliver(notifier, testEvent(), { ...h.options, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: 'Notification delivery cancelled', attempts: [{ retryable: false }] });
  });

  it('survives a recorder that throws and an adapter that throws a non-Error', async () => {
    const notifier: Notifier = { send: () => Promise.reject('boom') };
    const result = await deliver(notifier, testEvent(), { record: () => { throw new Error('db down'); }, attempts: 1 });
    expect(result).toMatchObject({ ok: false, error: 'boom' });
  });

  it('removes credentials from URLs in recorded errors', async () => {
    const notifier = scripted(new ValidationError('bad https://user:hunter2@example.com/x'));
    const result = await deliver(notifier, testEvent(), harness().options);
    expect(result.error).not.toContain('hunter2');
  });
});
