import { Worker } from 'node:worker_threads';

export interface FileStat {
  size: number;
  modifiedAt: Date;
}

/** One file of a readFiles() batch: its bytes, or the errno code and message of why it could not be read. */
export type FileRead = { bytes: Buffer } | { code: string; message: string };

/**
 * Listing 10k backups stats 20k files and reads 10k sidecars. Each async fs call costs the main thread a
 * thread-pool round trip (a sidecar read through a stream is stat, open, two reads and close: five), about
 * three times the CPU of the same calls made synchronously; synchronous calls on the main thread would freeze
 * the server on a hung network mount. So one worker thread makes the synchronous calls, a batch per message.
 * Plain CommonJS source, so it runs the same from the sources and from the build.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readSync, statSync } = require('node:fs');
const { join } = require('node:path');

function stat({ folder, names }) {
  const sizes = new Float64Array(names.length);
  const mtimes = new Float64Array(names.length);
  names.forEach((name, i) => {
    let info;
    try { info = statSync(join(folder, name), { throwIfNoEntry: false }); } catch { info = undefined; }
    sizes[i] = info && info.isFile() ? info.size : -1;
    mtimes[i] = info ? info.mtimeMs : 0;
  });
  return [{ sizes, mtimes }, [sizes.buffer, mtimes.buffer]];
}

function readOne(file, maxBytes) {
  const fd = openSync(file, 'r');
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    // One byte more than fstat says, so a file that grew since is noticed and read to its end.
    let buffer = Buffer.allocUnsafeSlow(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) return buffer.subarray(0, length);
      length += n;
      if (length > maxBytes) throw Object.assign(new Error('Expected at most ' + maxBytes + ' bytes'), { code: 'ETOOBIG' });
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafeSlow(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function read({ files, maxBytes }) {
  const parts = [];
  const errors = [];
  const ends = new Float64Array(files.length);
  let total = 0;
  files.forEach((file, i) => {
    try {
      const bytes = readOne(file, maxBytes);
      parts.push(bytes);
      total += bytes.length;
    } catch (error) {
      errors.push({ index: i, code: error.code || 'EIO', message: error.message });
    }
    ends[i] = total;
  });
  // One unpooled buffer for the whole batch, handed over without a copy.
  const data = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) { data.set(part, offset); offset += part.length; }
  return [{ data, ends, errors }, [data.buffer, ends.buffer]];
}

parentPort.on('message', (request) => {
  const [reply, transfer] = request.op === 'read' ? read(request) : stat(request);
  parentPort.postMessage({ id: request.id, ...reply }, transfer);
});`;

interface StatReply {
  sizes: Float64Array;
  mtimes: Float64Array;
}

interface ReadReply {
  data: Uint8Array;
  /** End offset in `data` of each file's bytes (a failed file has the end of the one before). */
  ends: Float64Array;
  errors: { index: number; code: string; message: string }[];
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (reply: never) => void; reject: (error: Error) => void }>();

/** Size and mtime of each named file of `folder`, in order; undefined for one that is gone or not a file. */
export async function statFiles(folder: string, names: readonly string[]): Promise<(FileStat | undefined)[]> {
  if (names.length === 0) return [];
  const reply = await ask<StatReply>({ op: 'stat', folder, names });
  // Math.round as fs.Stats does for its Date fields, so these compare equal to stat() results.
  return names.map((_, i) => (reply.sizes[i]! < 0 ? undefined : { size: reply.sizes[i]!, modifiedAt: new Date(Math.round(reply.mtimes[i]!)) }));
}

/**
 * The whole content of each file (absolute paths), in order, each at most `maxBytes` (code ETOOBIG beyond).
 * All of them are held in memory at once: meant for batches of small files, never for artifacts.
 */
export async function readFiles(files: readonly string[], maxBytes: number): Promise<FileRead[]> {
  if (files.length === 0) return [];
  const reply = await ask<ReadReply>({ op: 'read', files, maxBytes });
  const data = Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
  const out: FileRead[] = files.map((_, i) => ({ bytes: data.subarray(i === 0 ? 0 : reply.ends[i - 1]!, reply.ends[i]!) }));
  for (const { index, code, message } of reply.errors) out[index] = { code, message };
  return out;
}

async function ask<T>(request: Record<string, unknown>): Promise<T> {
  const thread = worker ?? start();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (reply: never) => void, reject });
    thread.ref(); // an idle worker must not keep the process alive, a busy one must
    thread.postMessage({ ...request, id });
  });
}

function start(): Worker {
  const thread = new Worker(WORKER_SOURCE, { eval: true });
  thread.unref();
  thread.on('message', (reply: { id: number }) => {
    pending.get(reply.id)?.resolve(reply as never);
    pending.delete(reply.id);
    if (pending.size === 0) thread.unref();
  });
  const stopped = (error: Error) => {
    if (worker === thread) worker = undefined;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  thread.on('error', stopped);
  thread.on('exit', (code) => stopped(new Error(`The file system thread stopped (exit code ${code})`)));
  worker = thread;
  return thread;
}
