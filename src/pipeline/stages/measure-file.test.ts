import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnTool } from '../../lib/spawn.js';
import { measureGrowingFile } from './measure-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-measure-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real tool writing into a new file through its stdout, as a compressor does on the direct path. */
async function writing(name: string, script: string, signal = new AbortController().signal) {
  const file = await open(path.join(dir, name), 'wx+', 0o600);
  const tool = spawnTool('sh', ['-c', script], { stdout: file.fd, signal });
  return { file, tool };
}

it('measures every byte a tool writes in pieces, while it writes', async () => {
  // Three pieces with pauses longer than the polling interval, the last one larger than a read.
  const { file, tool } = await writing('pieces', 'printf abc; sleep 0.1; printf def; sleep 0.1; head -c 3000000 /dev/zero');
  const growth: number[] = [];
  const { result, measured } = measureGrowingFile(file.fd, tool.done, new AbortController().signal, (bytes) => growth.push(bytes));
  const expected = Buffer.concat([Buffer.from('abcdef'), Buffer.alloc(3_000_000)]);
  expect(await result).toEqual({ bytes: expected.length, sha256: createHash('sha256').update(expected).digest('hex') });
  expect(measured()).toBe(expected.length);
  expect(growth[0]).toBeLessThan(expected.length); // seen growing, not only at the end
  await file.close();
});

it('fails with the writer\'s error', async () => {
  const { file, tool } = await writing('failing', 'printf abc; echo "compressor broke" >&2; exit 3');
  await expect(measureGrowingFile(file.fd, tool.done, new AbortController().signal, () => undefined).result).rejects.toThrow(/compressor broke/);
  await file.close();
});

it('stops when the run is cancelled', async () => {
  const controller = new AbortController();
  const { file, tool } = await writing('cancelled', 'printf abc; sleep 30', controller.signal);
  const { result } = measureGrowingFile(file.fd, tool.done, controller.signal, () => undefined);
  setTimeout(() => controller.abort(), 100);
  await expect(result).rejects.toThrow(/cancelled/);
  await file.close();
});
