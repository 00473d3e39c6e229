import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { MemoryDestination } from '../../adapters/destinations/memory/memory.destination.js';
import type { Destination } from '../../adapters/destinations/types.js';
import { fanOut } from './fan-out.js';
import { reportProgress } from './progress.js';

const CHUNK = 64 * 1024;
const chunks = (n: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(CHUNK, i));
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A destination that writes one chunk of its body each time `take` is called, like an upload behind a slow link. */
function slowDestination() {
  let wake = () => undefined as void;
  const link = new Writable({ write: (_chunk, _encoding, callback) => void (wake = () => callback()) });
  const destination = Object.assign(Object.create(new MemoryDestination()) as Destination, {
    put: async (key: string, body: Readable, signal?: AbortSignal) => {
      await pipeline(body, link, { signal });
      return { key, size: 0, modifiedAt: new Date() };
    },
  });
  return { destination, take: async () => (wake(), tick()), drop: () => link.destroy(new Error('slow link dropped')) };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await tick();
}

describe('backup progress', () => {
  it('is what the slowest destination took, not what fan-out buffered for it; a failed one stops counting', async () => {
    const slow = slowDestination();
    const fast = new MemoryDestination();
    const { sink, results, taken } = fanOut(
      [{ name: 'fast', destination: fast, key: 'a' }, { name: 'slow', destination: slow.destination, key: 'b' }],
      new AbortController().signal,
      async () => undefined,
    );
    const flowing = pipeline(Readable.from(chunks(40)), sink);
    await until(() => taken() > 0);
    // The slow upload holds its first chunk; megabytes wait in its body and in the sink.
    expect(taken()).toBe(CHUNK);
    await slow.take();
    await slow.take();
    expect(taken()).toBe(3 * CHUNK);
    // The slow one fails: the figure follows the destination still uploading, to the end.
    slow.drop();
    await flowing;
    expect((await results).map((r) => r.ok)).toEqual([true, false]);
    expect(taken()).toBe(40 * CHUNK);
  });

  it('ends at the size when every destination took everything, and reports while it changes', async () => {
    const seen: number[] = [];
    const { sink, results, taken } = fanOut(
      ['a', 'b'].map((key) => ({ name: key, destination: new MemoryDestination(), key })),
      new AbortController().signal,
      async () => undefined,
    );
    const stop = reportProgress((bytes) => seen.push(bytes), taken, undefined, 1);
    await pipeline(Readable.from(chunks(40)), sink);
    await results.then(stop);
    expect(taken()).toBe(40 * CHUNK);
    expect(seen.at(-1)).toBe(40 * CHUNK);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(new Set(seen).size).toBe(seen.length); // only changes are sent
  });

  it('reports what the source read while the destinations took nothing, never decreasing; unknown figures are left out', async () => {
    const readings = [undefined, 100, 300, 200, undefined, 300];
    const seen: [number, number | undefined][] = [];
    let drained = () => undefined as void;
    const sampled = new Promise<void>((resolve) => void (drained = resolve));
    const read = () => {
      const reading = readings.shift();
      if (readings.length === 0) drained();
      return reading;
    };
    const stop = reportProgress((bytes, source) => seen.push([bytes, source]), () => 0, read, 1);
    await sampled;
    stop();
    // 200 and the gone reading keep 300; an unchanged pair is not sent again.
    expect(seen).toEqual([[0, undefined], [0, 100], [0, 300]]);
  });
});
