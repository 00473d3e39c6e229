import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OpenedChunks } from './payload.js';

/**
 * A small pool of worker threads that seal and open batches of STREAM chunks. One ChaCha20-Poly1305
 * stream on one core runs at about the speed we need; chunks are authenticated independently
 * (counter nonces), so batches run in parallel while the streams put the results back in order.
 */
export const WORKER_COUNT = Math.max(1, Math.min(4, availableParallelism()));

export type ChunkOp = 'seal' | 'open';
export type ChunkFailure = OpenedChunks['failure'];

export interface ChunkJob {
  id: number;
  op: ChunkOp;
  key: Uint8Array;
  /** Stream index of the batch's first chunk. */
  first: number;
  batch: Uint8Array;
}

export type ChunkReply = { id: number; output: Uint8Array; failure?: ChunkFailure; batch: Uint8Array } | { id: number; error: string };

export interface BatchDone {
  /** The sealed chunks, or the plaintext of the chunks that opened (all of them unless `failure` is set). */
  output: Buffer;
  failure?: ChunkFailure;
  /** The batch's buffer, handed back whole so the next batch can be gathered in it. */
  batch: Buffer;
}

const workers: ChunkWorker[] = [];
let nextId = 0;

/**
 * Seals or opens full middle chunks numbered from `first` on a worker. `batch` must own its
 * ArrayBuffer: it moves to the worker (no copy) and comes back in the result.
 */
export async function runOnWorker(op: ChunkOp, key: Uint8Array, first: number, batch: Buffer): Promise<BatchDone> {
  const reply = await pickWorker().run({ id: nextId++, op, key, first, batch });
  const { output } = reply;
  return { output: Buffer.from(output.buffer, output.byteOffset, output.length), failure: reply.failure, batch: Buffer.from(reply.batch.buffer) };
}

/** The least busy worker; a new one while the pool is below its size and every worker has work. */
function pickWorker(): ChunkWorker {
  const idlest = workers.reduce<ChunkWorker | undefined>((best, worker) => (!best || worker.busy < best.busy ? worker : best), undefined);
  if (idlest && (idlest.busy === 0 || workers.length >= WORKER_COUNT)) return idlest;
  const worker = new ChunkWorker(() => {
    if (workers.includes(worker)) workers.splice(workers.indexOf(worker), 1);
  });
  workers.push(worker);
  return worker;
}

type Settle = { resolve: (reply: Extract<ChunkReply, { output: Uint8Array }>) => void; reject: (error: Error) => void };

class ChunkWorker {
  private readonly worker = startWorker();
  private readonly pending = new Map<number, Settle>();

  constructor(onGone: () => void) {
    this.worker.unref(); // referenced only while it has work, so an idle pool never keeps the process alive
    this.worker.on('message', (reply: ChunkReply) => this.settle(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => {
      onGone();
      this.failAll(new Error(`age chunk worker exited (code ${code})`));
    });
  }

  get busy(): number {
    return this.pending.size;
  }

  run(job: ChunkJob): Promise<Extract<ChunkReply, { output: Uint8Array }>> {
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(job.id, { resolve, reject });
      this.worker.postMessage(job, [job.batch.buffer as ArrayBuffer]);
    });
  }

  private settle(reply: ChunkReply): void {
    const waiting = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in reply) waiting?.reject(new Error(reply.error));
    else waiting?.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}

/**
 * The built chunk-worker.js runs as is; from the TypeScript sources (tests, tsx) the worker first
 * installs tsx's require hook, because Node 20 does not pass module loader hooks on to worker threads.
 */
function startWorker(): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSources ? './chunk-worker.ts' : './chunk-worker.js', import.meta.url);
  if (!fromSources) return new Worker(entry);
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`, { eval: true });
}
