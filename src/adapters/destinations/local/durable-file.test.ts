import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DurableFileWriter } from './durable-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-durable-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const openDescriptors = async () => (await readdir('/proc/self/fd')).length;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

it('writes every byte, in order, across many background syncs and odd chunk sizes', async () => {
  // 40 MiB in chunks from 1 byte to 3 MiB: several background syncs, single writes and batched ones.
  const chunks: Buffer[] = [];
  for (let size = 1, total = 0; total < 40 * 1024 * 1024; size = (size * 7 + 13) % (3 * 1024 * 1024) + 1) {
    chunks.push(randomBytes(size));
    total += size;
  }
  const file = path.join(dir, 'many.bin');
  await pipeline(Readable.from(chunks), new DurableFileWriter(file));
  const written = await readFile(file);
  expect(written.length).toBe(chunks.reduce((n, c) => n + c.length, 0));
  expect(sha256(written)).toBe(sha256(Buffer.concat(chunks)));
  expect((await stat(file)).mode & 0o777).toBe(0o600);
});

it('lets a producer reuse its buffer once a write is acknowledged (chunks are copied into the batch)', async () => {
  const file = path.join(dir, 'reused.bin');
  const writer = new DurableFileWriter(file);
  const reused = Buffer.alloc(64 * 1024);
  const expected: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    reused.fill(i); // overwritten right after the previous write was acknowledged
    expected.push(Buffer.from(reused));
    await new Promise<void>((resolve, reject) => writer.write(reused, (error) => (error ? reject(error) : resolve())));
  }
  await new Promise<void>((resolve, reject) => writer.end((error?: Error | null) => (error ? reject(error) : resolve())));
  expect(sha256(await readFile(file))).toBe(sha256(Buffer.concat(expected)));
});

it('never overwrites an existing file', async () => {
  const file = path.join(dir, 'existing.bin');
  await writeFile(file, 'keep');
  await expect(pipeline(Readable.from([Buffer.from('new')]), new DurableFileWriter(file))).rejects.toMatchObject({ code: 'EEXIST' });
  expect(await readFile(file, 'utf8')).toBe('keep');
});

it('closes its file when the input fails half-way', async () => {
  const before = await openDescriptors();
  async function* failing() {
    yield randomBytes(9 * 1024 * 1024);
    throw new Error('dump failed');
  }
  const writer = new DurableFileWriter(path.join(dir, 'failed.bin'));
  const closed = new Promise((resolve) => writer.on('close', resolve));
  await expect(pipeline(Readable.from(failing()), writer)).rejects.toThrow('dump failed');
  await closed;
  expect(await openDescriptors()).toBe(before);
});

it('fails with the file system error when the folder does not exist', async () => {
  await expect(pipeline(Readable.from([Buffer.from('x')]), new DurableFileWriter(path.join(dir, 'missing', 'x.bin')))).rejects.toMatchObject({ code: 'ENOENT' });
});
