import type { Clock } from '../../lib/clock.js';
import type { ExecutionsService } from '../../services/executions/executions.service.js';

/** Where the reporter schedules its trailing update: the real timers, or a test's fake tied to a FakeClock. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const systemTimers: Timers = {
  // Unref'd: a pending progress write never keeps a finished process alive.
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Turns byte counts into throttled progress records (bytes, rate, ETA when the total is known, bytes read from
 * the source when the run reports them). At most one record per interval, and never a lost one: an update inside
 * the interval is deferred to its end (only the latest value is kept), so a run whose figures arrive in bursts
 * still shows its current figure within the interval. `flush` writes any deferred figure at once and resolves
 * when every record is stored.
 */
export function progressReporter(
  executions: Pick<ExecutionsService, 'progress'>,
  id: string,
  clock: Clock,
  total: number | null = null,
  intervalMs = 1000,
  timers: Timers = systemTimers,
) {
  const started = clock.now().getTime();
  let last = Number.NEGATIVE_INFINITY;
  let base = 0;
  let latest = 0;
  // Bytes read from the source: like `bytes`, summed over steps; absent from records until a step reports them.
  let sourceKnown = false;
  let sourceBase = 0;
  let sourceLatest = 0;
  let step: string | null = null;
  let trailing: unknown;
  let pending: Promise<void> = Promise.resolve();
  const cancelTrailing = () => {
    if (trailing === undefined) return;
    timers.clear(trailing);
    trailing = undefined;
  };
  const write = () => {
    cancelTrailing();
    const now = clock.now().getTime();
    last = now;
    const elapsed = Math.max((now - started) / 1000, 0.001);
    const done = base + latest;
    const rate = done / elapsed;
    const etaSeconds = total && rate > 0 ? Math.max(0, Math.round((total - done) / rate)) : null;
    const source = sourceKnown ? { sourceBytes: sourceBase + sourceLatest } : {};
    const record = { bytes: done, rate: Math.round(rate), total, etaSeconds, step, ...source };
    pending = pending.then(() => executions.progress(id, record)).catch(() => undefined);
  };
  return {
    /** Bytes of the current step so far, and what it read from the source when known. */
    update(bytes: number, sourceBytes?: number): void {
      latest = bytes;
      if (sourceBytes !== undefined) {
        sourceKnown = true;
        sourceLatest = sourceBytes;
      }
      const wait = last + intervalMs - clock.now().getTime();
      if (wait <= 0) write();
      else trailing ??= timers.set(write, Math.min(wait, intervalMs));
    },
    /** Starts a new step (e.g. the next database); its bytes add to the total so far. */
    step(name: string, previousBytes: number): void {
      base += previousBytes;
      latest = 0;
      sourceBase += sourceLatest;
      sourceLatest = 0;
      step = name;
      write();
    },
    /** The run ended: writes a deferred figure now; resolves once every record is stored. */
    flush(): Promise<void> {
      if (trailing !== undefined) write();
      return pending;
    },
  };
}
