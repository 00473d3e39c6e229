import type { Clock } from '../../lib/clock.js';
import type { ExecutionsService } from '../../services/executions/executions.service.js';

/** Turns byte counts into throttled progress records (bytes, rate, ETA when the total is known). */
export function progressReporter(executions: ExecutionsService, id: string, clock: Clock, total: number | null = null, intervalMs = 1000) {
  const started = clock.now().getTime();
  let last = 0;
  let base = 0;
  let step: string | null = null;
  let pending: Promise<void> = Promise.resolve();
  const write = (bytes: number) => {
    const elapsed = Math.max((clock.now().getTime() - started) / 1000, 0.001);
    const done = base + bytes;
    const rate = done / elapsed;
    const etaSeconds = total && rate > 0 ? Math.max(0, Math.round((total - done) / rate)) : null;
    pending = pending.then(() => executions.progress(id, { bytes: done, rate: Math.round(rate), total, etaSeconds, step })).catch(() => undefined);
  };
  return {
    /** Bytes of the current step. */
    update(bytes: number): void {
      const now = clock.now().getTime();
      if (now - last < intervalMs) return;
      last = now;
      write(bytes);
    },
    /** Starts a new step (e.g. the next database); its bytes add to the total so far. */
    step(name: string, previousBytes: number): void {
      base += previousBytes;
      step = name;
      write(0);
    },
    flush: () => pending,
  };
}
