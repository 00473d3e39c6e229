import { describe, expect, it } from 'vitest';
import { mapConcurrent } from './concurrent-map.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapConcurrent', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      active++;
      peak = Math.max(peak, active);
      for (let k = 0; k < n; k++) await tick();
      active--;
      return `${i}:${n}`;
    });
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6']);
    expect(peak).toBe(3);
  });

  it('handles an empty list and a limit above the item count', async () => {
    expect(await mapConcurrent([], 8, async () => 1)).toEqual([]);
    expect(await mapConcurrent(['a'], 8, async (s) => s.toUpperCase())).toEqual(['A']);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        await tick();
        if (n === 1) throw new Error('boom');
        return n;
      }),
    ).rejects.toThrow('boom');
    await tick();
    expect(started).toEqual([0, 1, 2]);
  });
});
