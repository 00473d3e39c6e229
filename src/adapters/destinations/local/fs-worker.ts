import { Worker } from 'node:worker_threads';

export interface FileStat {
  size: number;
  modifiedAt: Date;
}

/** One file of a readFiles() batch: its bytes, or the errno code and message of why it could not be read. */
export type FileRead = { bytes: Buffer } | { code: string; message: string };

/**
 * Listing 10k backups walks their folders and stats 20k files, then reads 10k sidecars. Each async fs call
 * costs the main thread a thread-pool round trip (a sidecar read through a stream is stat, open, two reads
 * and close: five), about three times the CPU of the same calls made synchronously; synchronous calls on the
 * main thread would freeze the server on a hung network mount. So one worker thread makes the synchronous
 * calls, a whole listing or a batch of reads per message.
 * Plain CommonJS source, so it runs the same from the sources and from the build.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } = require('node:fs');
const { join } = require('node:path');

// The folders of a listing, walked here in one message: one round trip per folder (a readdir, then the
// stats) would cost two thread hand-offs each, which a busy machine makes slow.
function walk({ root, base, prefix }) {
  const keys = [];
  const sizes = [];
  const mtimes = [];
  const visit = (folder) => {
    let entries;
    try {
      entries = readdirSync(folder === '' ? root : join(root, folder), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return;
      throw Object.assign(error, { folder });
    }
    for (const entry of entries) {
      const key = folder === '' ? entry.name : folder + '/' + entry.name;
      if (entry.isFile() && key.startsWith(prefix)) {
        let info;
        try { info = statSync(join(root, key), { throwIfNoEntry: false }); } catch { info = undefined; }
        if (!info || !info.isFile()) continue;
        keys.push(key);
        sizes.push(info.size);
        mtimes.push(info.mtimeMs);
      } else if (entry.isDirectory() && (prefix.startsWith(key + '/') || key.startsWith(prefix) || (key + '/').startsWith(prefix))) {
        visit(key);
      }
    }
  };
  try {
    visit(base);
  } catch (error) {
    return [{ error: { code: error.code || 'EIO', message: error.message, folder: error.folder } }, []];
  }
  const sizeArray = Float64Array.from(sizes);
  const mtimeArray = Float64Array.from(mtimes);
  return [{ keys, sizes: sizeArray, mtimes: mtimeArray }, [sizeArray.buffer, mtimeArray.buffer]];
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
  const [reply, transfer] = request.op === 'read' ? read(request) : walk(request);
  parentPort.postMessage({ id: request.id, ...reply }, transfer);
});`;

type WalkReply = { keys: string[]; sizes: Float64Array; mtimes: Float64Array } | { error: { code: string; message: string; folder: string } };

interface ReadReply {
  data: Uint8Array;
  /** End offset in `data` of each file's bytes (a failed file has the end of the one before). */
  ends: Float64Array;
  errors: { index: number; code: string; message: string }[];
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve: (reply: never) => void; reject: (error: Error) => void }>();

export interface WalkedFile extends FileStat {
  /** '/'-separated, relative to the root. */
  key: string;
}

/**
 * Every file under `base` (a folder relative to `root`, '' = the root) whose key starts with `prefix`, with its
 * size and mtime, descending only into folders that can hold such keys. A missing `base` is empty; any other
 * file-system error rejects with its errno `code` and the `folder` it came from.
 */
export async function walkFiles(root: string, base: string, prefix: string): Promise<WalkedFile[]> {
  const reply = await ask<WalkReply>({ op: 'walk', root, base, prefix });
  if ('error' in reply) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.keys.map((key, i) => ({ key, size: reply.sizes[i]!, modifiedAt: new Date(Math.round(reply.mtimes[i]!)) }));
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
