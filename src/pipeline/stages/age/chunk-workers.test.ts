import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runOnWorker } from './chunk-workers.js';
import { CHUNK_SIZE, openChunks, sealChunks } from './payload.js';

describe('chunk workers', () => {
  it('seal and open batches exactly as the same code does in this thread', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(4 * CHUNK_SIZE);
    const sealed = await runOnWorker('seal', key, 7, Buffer.from(plaintext)); // a copy: the worker takes the buffer
    expect(sealed.output.equals(sealChunks(key, 7, plaintext))).toBe(true);
    expect(sealed.batch.equals(plaintext)).toBe(true); // handed back, untouched
    const opened = await runOnWorker('open', key, 7, Buffer.from(sealed.output));
    expect(opened.output.equals(plaintext)).toBe(true);
    expect(opened.failure).toBeUndefined();
  });

  it('move the batch to the worker and back instead of copying it, whole even when only part was used', async () => {
    const batch = Buffer.allocUnsafeSlow(3 * CHUNK_SIZE);
    const sealing = runOnWorker('seal', randomBytes(32), 0, batch.subarray(0, CHUNK_SIZE));
    expect(batch.length).toBe(0); // detached: the bytes now belong to the worker
    const { output, batch: back } = await sealing;
    expect(output.length).toBe(CHUNK_SIZE + 16);
    expect(back.length).toBe(3 * CHUNK_SIZE);
  });

  it('report the first chunk that fails to open, with the plaintext before it', async () => {
    const key = randomBytes(32);
    const plaintext = randomBytes(3 * CHUNK_SIZE);
    const sealed = sealChunks(key, 0, plaintext);
    sealed[2 * (CHUNK_SIZE + 16) + 1]! ^= 1;
    const opened = await runOnWorker('open', key, 0, Buffer.from(sealed));
    expect(opened.failure).toEqual(openChunks(key, 0, sealed).failure);
    expect(opened.failure).toEqual({ index: 2, opensAsLast: false });
    expect(opened.output.equals(plaintext.subarray(0, 2 * CHUNK_SIZE))).toBe(true);
  });

  it('reject with the error the worker met', async () => {
    await expect(runOnWorker('seal', randomBytes(32), 0, Buffer.allocUnsafeSlow(100))).rejects.toThrow(/multiple of 65536 bytes/);
    await expect(runOnWorker('open', randomBytes(32), 0, Buffer.allocUnsafeSlow(100))).rejects.toThrow(/multiple of 65552 bytes/);
  });
});
