import type { Clock } from '../../lib/clock.js';
import { humanBytes } from '../../lib/format.js';

/**
 * A one-line progress display on stderr for interactive terminals: bytes and rate, redrawn at most
 * a few times a second. Silent when stderr is not a terminal or output is JSON.
 */
export function progressLine(label: string, clock: Clock, enabled = Boolean(process.stderr.isTTY)) {
  const started = clock.now().getTime();
  let last = 0;
  return {
    /** False when nothing is drawn: callers then skip work that only feeds the display (sampling a dump's reads). */
    enabled,
    /** `sourceBytes`: what a backup's dump read from the database, shown when known (it moves while `bytes` waits on a large row). */
    update(bytes: number, sourceBytes?: number): void {
      const now = clock.now().getTime();
      if (!enabled || now - last < 200) return;
      last = now;
      const rate = bytes / Math.max((now - started) / 1000, 0.001);
      const read = sourceBytes === undefined ? '' : `  (read ${humanBytes(sourceBytes)} from the source)`;
      process.stderr.write(`\r\x1b[2K${label}  ${humanBytes(bytes)}  ${humanBytes(rate)}/s${read}`);
    },
    done(): void {
      if (enabled && last > 0) process.stderr.write('\r\x1b[2K');
    },
  };
}
