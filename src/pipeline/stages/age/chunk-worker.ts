/**
 * Worker-thread entry: seals or opens one batch of middle chunks per message (see chunk-workers.ts).
 * The output and the batch's own buffer travel back as transferred ArrayBuffers: no byte is copied
 * between threads, and the batch buffer is filled again by the next batch.
 */
import { parentPort } from 'node:worker_threads';
import type { ChunkJob, ChunkReply } from './chunk-workers.js';
import { openChunks, sealChunks } from './payload.js';

const port = parentPort!;

port.on('message', (job: ChunkJob) => {
  let reply: ChunkReply;
  try {
    reply = { id: job.id, batch: job.batch, ...run(job) };
  } catch (error) {
    reply = { id: job.id, error: (error as Error).message };
  }
  port.postMessage(reply, 'output' in reply ? [reply.output.buffer as ArrayBuffer, job.batch.buffer as ArrayBuffer] : []);
});

function run({ op, key, first, batch }: ChunkJob): Pick<Extract<ChunkReply, { output: Uint8Array }>, 'output' | 'failure'> {
  if (op === 'seal') return { output: sealChunks(key, first, batch) };
  const { plaintext, failure } = openChunks(key, first, batch);
  return { output: plaintext, failure };
}
