import { CancelledError } from './errors.js';

export interface DeadlineOptions {
  /** Aborting this one (shutdown, a cancelled run) aborts the work too. */
  outer?: AbortSignal;
  /** The reason when the time runs out. */
  timeout: () => Error;
  /** The reason when `outer` aborts; default a CancelledError. */
  cancelled?: () => Error;
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` or with `outer`, and settles at that moment even
 * when the work ignores its signal (a client library stuck in a handshake must not hold the caller). After an
 * abort the work's own error is just a symptom: the rejection is the reason, timeout or cancel.
 */
export async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, timeoutMs: number, options: DeadlineOptions): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(options.timeout()), timeoutMs);
  const onOuter = (): void => controller.abort(options.cancelled?.() ?? new CancelledError('Cancelled'));
  if (options.outer?.aborted) onOuter();
  else options.outer?.addEventListener('abort', onOuter, { once: true });
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(controller.signal.reason);
    if (controller.signal.aborted) onAbort();
    else controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), aborted]);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    controller.signal.removeEventListener('abort', onAbort);
    options.outer?.removeEventListener('abort', onOuter);
  }
}
