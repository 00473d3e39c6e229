import { runOnWorker, WORKER_COUNT, type BatchDone, type ChunkOp } from './chunk-workers.js';

/** Chunks per batch: 2 MiB of plaintext, so handing a batch to a worker and back costs little (1 MiB measured ~5-10% slower). */
export const BATCH_CHUNKS = 32;
/** Batches running at once: enough to keep every worker busy while finished ones wait their turn. */
const MAX_RUNNING = 2 * WORKER_COUNT;

/**
 * Gathers a stream's middle chunks (never its last one) into batches, seals or opens each batch on
 * the chunk workers, and hands the results back in stream order. At most MAX_RUNNING batches run at
 * a time, so memory stays bounded whatever the stream's length; their buffers are reused.
 */
export class ChunkBatches {
  private batch: Buffer | undefined;
  private filled = 0;
  private batchFirst = 0;
  /** Chunks taken so far: the index the next chunk will have. */
  count = 0;
  private readonly running: Promise<BatchDone>[] = [];
  private readonly spare: Buffer[] = [];

  constructor(
    private readonly op: ChunkOp,
    private readonly key: Uint8Array,
    private readonly chunkSize: number,
  ) {}

  /** Copies the chunk into the current batch (so the caller may reuse its buffer), starting the batch when it is full. */
  add(chunk: Buffer): void {
    this.batch ??= this.spare.pop() ?? Buffer.allocUnsafeSlow(BATCH_CHUNKS * this.chunkSize); // owns its memory: it moves, uncopied
    chunk.copy(this.batch, this.filled);
    this.filled += chunk.length;
    this.count++;
    if (this.filled === this.batch.length) this.start();
  }

  /** Hands finished batches to `take`, oldest first, until at most `keep` batches are still running. */
  async drain(take: (done: BatchDone) => void, keep = MAX_RUNNING - 1): Promise<void> {
    while (this.running.length > keep) {
      const done = await this.running.shift()!;
      this.spare.push(done.batch);
      take(done);
    }
  }

  /** Starts the partial batch, then hands every result to `take`. */
  async finish(take: (done: BatchDone) => void): Promise<void> {
    if (this.batch) this.start();
    await this.drain(take, 0);
  }

  private start(): void {
    const done = runOnWorker(this.op, this.key, this.batchFirst, this.batch!.subarray(0, this.filled));
    done.catch(() => undefined); // awaited in order by drain(); a stream that stopped early never awaits it
    this.running.push(done);
    this.batch = undefined;
    this.filled = 0;
    this.batchFirst = this.count;
  }
}
