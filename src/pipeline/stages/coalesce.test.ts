import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { CoalesceChunks } from './coalesce.js';

async function collect(input: Buffer[], chunkBytes: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(input).pipe(new CoalesceChunks(chunkBytes))) out.push(chunk as Buffer);
  return out;
}

it('gathers small writes into chunks of at least the target size, keeping every byte in order', async () => {
  const input = Array.from({ length: 500 }, (_, i) => randomBytes(1 + ((i * 37) % 3000)));
  const out = await collect(input, 64 * 1024);
  expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
  expect(out.slice(0, -1).every((chunk) => chunk.length >= 64 * 1024)).toBe(true);
  expect(out.length).toBeLessThan(input.length / 10);
});

it('passes large chunks through without copying and flushes the rest at the end', async () => {
  const big = randomBytes(200 * 1024);
  const tail = Buffer.from('tail');
  const out = await collect([big, tail], 64 * 1024);
  expect(out[0]).toBe(big);
  expect(out[1]?.toString()).toBe('tail');
});

it('produces nothing for an empty input', async () => {
  expect(await collect([], 1024)).toEqual([]);
});
