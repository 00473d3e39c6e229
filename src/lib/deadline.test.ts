import { describe, expect, it } from 'vitest';
import { CancelledError } from './errors.js';
import { withDeadline } from './deadline.js';

const timeout = () => new Error('too slow');
const never = () => new Promise<never>(() => undefined);

describe('withDeadline', () => {
  it('gives the work\'s result or its own error while there is time', async () => {
    expect(await withDeadline(async () => 42, 1000, { timeout })).toBe(42);
    await expect(withDeadline(async () => { throw new Error('refused'); }, 1000, { timeout })).rejects.toThrow('refused');
  });

  it('settles with the timeout when the work ignores its signal, and aborts that signal', async () => {
    let seen: AbortSignal | undefined;
    await expect(withDeadline((signal) => { seen = signal; return never(); }, 20, { timeout })).rejects.toThrow('too slow');
    expect(seen?.aborted).toBe(true);
  });

  it('reports the reason, not the symptom, when the work fails because it was aborted', async () => {
    const work = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('socket hang up'))));
    await expect(withDeadline(work, 20, { timeout })).rejects.toThrow('too slow');
  });

  it('stops with the outer signal, already aborted or later', async () => {
    const outer = new AbortController();
    const running = withDeadline(never, 10_000, { timeout, outer: outer.signal });
    outer.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    await expect(withDeadline(never, 10_000, { timeout, outer: outer.signal, cancelled: () => new Error('shutting down') })).rejects.toThrow('shutting down');
  });
});
