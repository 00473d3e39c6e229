import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../adapters/destinations/local/local.destination.js';
import { MemoryDestination } from '../../adapters/destinations/memory/memory.destination.js';
import type { Destination } from '../../adapters/destinations/types.js';
import { NotFoundError } from '../../lib/errors.js';
import { readSidecarBatches } from './read-sidecars.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-read-sidecars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Local answers with readMany() in one call per batch; memory has none and is read with get() per key.
describe.each([
  { name: 'a destination with readMany (local)', create: (): Destination => new LocalDestination(dir), batched: true },
  { name: 'a destination without it (memory)', create: (): Destination => new MemoryDestination(), batched: false },
])('readSidecarBatches on $name', ({ create, batched }) => {
  it('yields every key in order, batch by batch, a missing one as its error', async () => {
    const destination = create();
    expect(typeof destination.readMany === 'function').toBe(batched);
    const keys = Array.from({ length: 7 }, (_, i) => `src/db/${i}.sql.meta.json`);
    for (const [i, key] of keys.entries()) await destination.put(key, Readable.from([Buffer.from(`{"n":${i}}`)]));
    const asked = [...keys.slice(0, 3), 'src/db/gone.sql.meta.json', ...keys.slice(3)];
    const batches = [];
    for await (const batch of readSidecarBatches(destination, asked, 3)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 2]);
    const flat = batches.flat();
    expect(flat.map((r) => r.key)).toEqual(asked);
    expect(flat.filter((r) => 'text' in r)).toEqual(keys.map((key, i) => ({ key, text: `{"n":${i}}` })));
    expect(flat[3]).toEqual({ key: 'src/db/gone.sql.meta.json', error: expect.any(NotFoundError) });
  });
});
