import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TransientError, ValidationError } from '../../../lib/errors.js';
import { silentLogger } from '../../../lib/logger.js';
import { MemoryDestination } from '../memory/memory.destination.js';
import { memoryDestinationPlugin } from '../memory/memory.plugin.js';
import { localDestinationPlugin } from '../local/local.plugin.js';
import type { Destination } from '../types.js';
import { composeDestination } from '../compose.js';
import { Semaphore, withConcurrencyLimit } from './concurrency.js';
import { withRetry } from './retry.js';

/** Fails the first `failures` calls of every method with TransientError. */
function flaky(inner: Destination, failures: number): Destination & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const gate = (name: string): void => {
    calls[name] = (calls[name] ?? 0) + 1;
    if (calls[name]! <= failures) throw new TransientError(`${name} dropped`);
  };
  return {
    calls,
    capabilities: inner.capabilities,
    put: async (k, b, s) => (gate('put'), inner.put(k, b, s)),
    get: async (k, r, s) => (gate('get'), inner.get(k, r, s)),
    stat: async (k) => (gate('stat'), inner.stat(k)),
    delete: async (k) => (gate('delete'), inner.delete(k)),
    test: async () => gate('test'),
    close: () => inner.close(),
    list: (p) => {
      gate('list');
      return inner.list(p);
    },
  };
}

describe('withRetry', () => {
  it('retries transient failures with growing, jittered delays', async () => {
    const memory = new MemoryDestination();
    await memory.put('a.bin', Readable.from(['abc']));
    const inner = flaky(memory, 2);
    const delays: number[] = [];
    const d = withRetry(inner, { attempts: 4, baseDelayMs: 100, sleep: async (ms) => void delays.push(ms), random: () => 1 });
    expect((await d.stat('a.bin')).size).toBe(3);
    expect(delays).toEqual([100, 200]);
    const listed = [];
    for await (const info of d.list('')) listed.push(info.key);
    expect(listed).toEqual(['a.bin']);
    expect(inner.calls.list).toBe(3);
  });

  it('gives up after the configured attempts and never retries other errors', async () => {
    const inner = flaky(new MemoryDestination(), 10);
    const d = withRetry(inner, { attempts: 3, baseDelayMs: 1, sleep: async () => undefined });
    await expect(d.delete('a.bin')).rejects.toBeInstanceOf(TransientError);
    expect(inner.calls.delete).toBe(3);
    const plain = withRetry(new MemoryDestination(), { attempts: 3, baseDelayMs: 1, sleep: async () => undefined });
    await expect(plain.stat('../x')).rejects.toBeInstanceOf(ValidationError);
  });

  it('does not retry put, whose stream cannot be replayed', async () => {
    const inner = flaky(new MemoryDestination(), 1);
    const d = withRetry(inner, { attempts: 5, baseDelayMs: 1, sleep: async () => undefined });
    await expect(d.put('a.bin', Readable.from(['x']))).rejects.toBeInstanceOf(TransientError);
    expect(inner.calls.put).toBe(1);
  });
});

describe('withConcurrencyLimit', () => {
  it('never runs more than n operations at once', async () => {
    let running = 0;
    let peak = 0;
    const memory = new MemoryDestination();
    const slow: Destination = Object.assign(Object.create(memory) as Destination, {
      stat: async (key: string) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        return { key, size: 0, modifiedAt: new Date(0) };
      },
    });
    const d = withConcurrencyLimit(slow, 2);
    await Promise.all(Array.from({ length: 10 }, (_, i) => d.stat(`k${i}`)));
    expect(peak).toBe(2);
    expect(d.capabilities.maxConcurrency).toBe(2);
  });

  it('holds a slot until a read stream is consumed', async () => {
    const memory = new MemoryDestination();
    await memory.put('a.bin', Readable.from(['abc']));
    const semaphore = new Semaphore(1);
    const d = withConcurrencyLimit(memory, 1);
    const stream = await d.get('a.bin');
    let statDone = false;
    const pending = d.stat('a.bin').then(() => (statDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(statDone).toBe(false);
    stream.resume();
    await pending;
    expect(statDone).toBe(true);
    await semaphore.run(async () => undefined);
  });
});

describe('composeDestination', () => {
  it('validates the config with the plugin schema', async () => {
    await expect(composeDestination(localDestinationPlugin, { path: 'relative' }, { logger: silentLogger })).rejects.toThrow(ValidationError);
  });

  it('builds a working, wrapped destination', async () => {
    const d = await composeDestination(memoryDestinationPlugin, {}, { logger: silentLogger }, { maxConcurrency: 3 });
    await d.put('x/y.bin', Readable.from(['hello']));
    expect((await d.stat('x/y.bin')).size).toBe(5);
    expect(d.capabilities.maxConcurrency).toBe(3);
  });
});

describe('readMany through the wrappers', () => {
  it('is passed on only where the adapter has it, and a transient failure retries the batch', async () => {
    const memory = new MemoryDestination();
    expect(withRetry(withConcurrencyLimit(memory, 2), { attempts: 3, baseDelayMs: 1 }).readMany).toBeUndefined();
    let calls = 0;
    const batching: Destination = Object.assign(Object.create(memory) as Destination, {
      readMany: async (keys: readonly string[]) => {
        if (++calls === 1) throw new TransientError('dropped');
        return keys.map((key) => ({ bytes: Buffer.from(key) }));
      },
    });
    const d = withRetry(withConcurrencyLimit(batching, 2), { attempts: 3, baseDelayMs: 1, sleep: async () => undefined });
    expect(await d.readMany!(['a', 'b'], 10)).toEqual([{ bytes: Buffer.from('a') }, { bytes: Buffer.from('b') }]);
    expect(calls).toBe(2);
  });
});
