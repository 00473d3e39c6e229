import { setTimeout as sleepFor } from 'node:timers/promises';
import type { NotificationEvent } from '../../domain/notification-events.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import { withDeadline } from '../../lib/deadline.js';
import { CancelledError, TransientError, firstLine } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { redactUrls } from '../../lib/redact.js';
import { RetryAfterError } from './http.js';
import type { Notifier } from './types.js';

/** One try at sending, as stored in the delivery history. */
export interface DeliveryAttempt {
  /** 1-based. */
  attempt: number;
  ok: boolean;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  /** First line of the error, with URL credentials removed. */
  error?: string;
  /** Whether this failure was worth retrying (5xx, 429, network, timeout). */
  retryable?: boolean;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: DeliveryAttempt[];
  /** The last attempt's error when every attempt failed. */
  error?: string;
}

export interface DeliveryOptions {
  /** Per attempt; the request is aborted when it passes. Default 10 s. */
  timeoutMs?: number;
  /** Total tries, including the first. Default 3. */
  attempts?: number;
  /** Delay before the 2nd try; doubles each time. Default 2 s. */
  baseDelayMs?: number;
  /** Cap on one delay, including a server's Retry-After. Default 60 s. */
  maxDelayMs?: number;
  clock?: Clock;
  /** Waits between tries; tests pass one that returns at once. Rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called after every attempt (e.g. to insert a row). Its failures are logged, never thrown. */
  record?: (attempt: DeliveryAttempt) => void | Promise<void>;
  /** Stops everything (shutdown); an aborted delivery is reported as failed, not thrown. */
  signal?: AbortSignal;
  logger?: Logger;
  /** Names the channel in log lines (e.g. "discord: #ops"). */
  label?: string;
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => sleepFor(ms, undefined, { signal });

/** One attempt under its own timeout; resolves with the attempt's error, undefined when it was delivered. */
async function attemptOnce(notifier: Notifier, event: NotificationEvent, timeoutMs: number, outer?: AbortSignal): Promise<unknown> {
  try {
    await withDeadline((signal) => notifier.send(event, signal), timeoutMs, {
      outer, timeout: () => new TransientError(`Timed out after ${timeoutMs} ms`), cancelled: () => new CancelledError('Notification delivery cancelled'),
    });
    return undefined;
  } catch (error) {
    return error ?? new Error('Unknown error');
  }
}

function delayBefore(nextAttempt: number, error: unknown, base: number, max: number): number {
  const backoff = base * 2 ** (nextAttempt - 2);
  const asked = error instanceof RetryAfterError ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(max, Math.max(backoff, asked));
}

function describe(error: unknown): string {
  return redactUrls(firstLine(error)).slice(0, 500);
}

/**
 * Sends `event` through `notifier` with a timeout per attempt and exponential backoff between attempts.
 * Never throws: a notification that cannot be delivered is recorded and reported, and must never change
 * the result of the backup it is about. Only TransientError failures are retried (HTTP 5xx and 429,
 * network errors, timeouts); a rejected URL or token (HTTP 4xx) fails at once.
 */
export async function deliver(notifier: Notifier, event: NotificationEvent, options: DeliveryOptions = {}): Promise<DeliveryResult> {
  const { timeoutMs = 10_000, baseDelayMs = 2_000, maxDelayMs = 60_000, clock = systemClock, sleep = defaultSleep } = options;
  const maxAttempts = Math.max(1, options.attempts ?? 3);
  const attempts: DeliveryAttempt[] = [];
  for (let number = 1; number <= maxAttempts; number++) {
    const started = clock.now();
    const error = await attemptOnce(notifier, event, timeoutMs, options.signal);
    const attempt: DeliveryAttempt = { attempt: number, ok: error === undefined, startedAt: started.toISOString(), durationMs: clock.now().getTime() - started.getTime() };
    if (error !== undefined) Object.assign(attempt, { error: describe(error), retryable: error instanceof TransientError });
    attempts.push(attempt);
    await record(options, attempt);
    if (attempt.ok) return { ok: true, attempts };
    options.logger?.warn({ channel: options.label, event: event.type, attempt: number, error: attempt.error }, 'Notification attempt failed');
    if (!attempt.retryable || number === maxAttempts) break;
    try {
      await sleep(delayBefore(number + 1, error, baseDelayMs, maxDelayMs), options.signal);
    } catch {
      break; // cancelled while waiting: report what we have
    }
  }
  return { ok: false, attempts, error: attempts.at(-1)?.error };
}

async function record(options: DeliveryOptions, attempt: DeliveryAttempt): Promise<void> {
  if (!options.record) return;
  try {
    await options.record(attempt);
  } catch (error) {
    options.logger?.error({ err: describe(error) }, 'Could not record a notification attempt');
  }
}
