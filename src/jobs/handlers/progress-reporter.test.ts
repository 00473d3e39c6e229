import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../lib/clock.js';
import type { ExecutionProgress } from '../../services/executions/execution-view.js';
import { progressReporter, type Timers } from './progress-reporter.js';

/** Timers that fire only when the fake clock is advanced past them: the reporter's time is fully in the test's hands. */
class FakeTimers implements Timers {
  private queue: { at: number; fn: () => void }[] = [];

  constructor(private readonly clock: FakeClock) {}

  set(fn: () => void, ms: number): unknown {
    const timer = { at: this.clock.now().getTime() + ms, fn };
    this.queue.push(timer);
    return timer;
  }

  clear(handle: unknown): void {
    this.queue = this.queue.filter((t) => t !== handle);
  }

  get scheduled(): number {
    return this.queue.length;
  }

  advance(ms: number): void {
    const until = this.clock.now().getTime() + ms;
    for (;;) {
      const next = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.queue = this.queue.filter((t) => t !== next);
      this.clock.set(new Date(next.at));
      next.fn();
    }
    this.clock.set(new Date(until));
  }
}

function setup(total: number | null = null) {
  const clock = new FakeClock();
  const timers = new FakeTimers(clock);
  const stored: ExecutionProgress[] = [];
  const executions = { progress: async (_id: string, p: ExecutionProgress) => void stored.push(p) };
  const reporter = progressReporter(executions, 'run-1', clock, total, 1000, timers);
  const bytes = async () => {
    await reporter.flush();
    return stored.map((p) => p.bytes);
  };
  return { clock, timers, stored, reporter, bytes };
}

describe('progressReporter', () => {
  it('writes the first figure at once and defers a burst inside the interval to one trailing record of its latest value', async () => {
    const { timers, reporter, stored } = setup();
    reporter.update(100);
    timers.advance(10);
    reporter.update(200);
    reporter.update(300);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored.map((p) => p.bytes)).toEqual([100]);
    expect(timers.scheduled).toBe(1);
    timers.advance(989);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored.map((p) => p.bytes)).toEqual([100]);
    timers.advance(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored.map((p) => p.bytes)).toEqual([100, 300]);
    expect(timers.scheduled).toBe(0);
  });

  it('delivers a figure that follows a burst within the interval, however the updates are spaced (the frozen bar)', async () => {
    const { timers, reporter, bytes } = setup();
    // A burst, then silence longer than the interval: the old throttle dropped 2 and 3 and showed 1 until the next burst.
    reporter.update(1);
    reporter.update(2);
    reporter.update(3);
    timers.advance(5000);
    expect(await bytes()).toEqual([1, 3]);
  });

  it('writes at most one record per interval under a steady stream of updates', async () => {
    const { timers, reporter, bytes } = setup();
    for (let i = 1; i <= 100; i += 1) {
      reporter.update(i * 10);
      timers.advance(100);
    }
    // 10 s of updates every 100 ms: one record per second (0 s .. 9 s), then the final flush's.
    const written = await bytes();
    expect(written).toEqual([10, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('flush writes the deferred figure at once and cancels its timer', async () => {
    const { timers, reporter, bytes } = setup();
    reporter.update(10);
    reporter.update(20);
    expect(await bytes()).toEqual([10, 20]);
    expect(timers.scheduled).toBe(0);
    expect(await bytes()).toEqual([10, 20]); // nothing deferred: no extra record
  });

  it('adds finished steps to the figure and names the current one; rate and ETA follow the clock', async () => {
    const { timers, reporter, stored } = setup(1000);
    reporter.step('first', 0);
    timers.advance(2000);
    reporter.update(400);
    reporter.step('second', 400);
    timers.advance(2000);
    reporter.update(100);
    await reporter.flush();
    expect(stored.map(({ bytes, step }) => [bytes, step])).toEqual([[0, 'first'], [400, 'first'], [400, 'second'], [500, 'second']]);
    expect(stored.at(-1)).toMatchObject({ rate: 125, total: 1000, etaSeconds: 4 });
  });

  it('records bytes read from the source only once reported, summed over steps like bytes', async () => {
    const { timers, reporter, stored } = setup();
    reporter.step('first', 0);
    timers.advance(1000);
    reporter.update(0, 5000); // the destination took nothing yet; the source figure alone moves
    timers.advance(1000);
    reporter.update(700, 9000);
    reporter.step('second', 700);
    timers.advance(1000);
    reporter.update(100, 1000);
    await reporter.flush();
    expect(stored.map(({ bytes, sourceBytes }) => [bytes, sourceBytes])).toEqual([[0, undefined], [0, 5000], [700, 9000], [700, 9000], [800, 10000]]);
    expect('sourceBytes' in stored[0]!).toBe(false);
  });

  it('keeps storing after a failed write', async () => {
    const clock = new FakeClock();
    const timers = new FakeTimers(clock);
    const stored: number[] = [];
    let calls = 0;
    const executions = {
      progress: async (_id: string, p: ExecutionProgress) => {
        calls += 1;
        if (calls === 1) throw new Error('database busy');
        stored.push(p.bytes);
      },
    };
    const reporter = progressReporter(executions, 'run-1', clock, null, 1000, timers);
    reporter.update(1);
    reporter.update(2);
    await reporter.flush();
    expect(stored).toEqual([2]);
  });
});
