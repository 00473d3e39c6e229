import { Readable, type Writable } from 'node:stream';
import { offerDirectFeed } from '../../lib/direct-feed.js';
import { spawnTool, type SpawnedTool } from '../../lib/spawn.js';
import type { StageOutput } from './compress.js';

/**
 * A decompressor process (zstd, bzip2) started only once the next stage is ready for its output:
 * - a restore tool takes the output as its own stdin (handOverInput): the decompressor writes into that pipe
 *   directly, so decompressed bytes never pass through Node; only the stored (compressed) bytes do.
 * - anything else reads `output` as a stream.
 * Either way the output ends only after the decompressor exited cleanly and its whole input was fed: a stage
 * before it that refuses the input (checksum) stops the restore before the restore tool sees an end. For the
 * direct case Node keeps its copy of the tool's stdin open until then, and kills the tool before closing it.
 */
export function deferredDecompress(command: string, args: string[], packageHint: string, input: Readable, signal: AbortSignal): StageOutput {
  let settle!: { resolve(): void; reject(error: unknown): void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // awaited by the pipeline; a run that failed earlier may never get there
  let stdout: Readable | undefined;
  const output = new Readable({ highWaterMark: 1 << 20, read: () => (stdout ? stdout.resume() : startReadable()) });
  output.on('error', () => undefined); // reported through done

  let started = false;
  const start = (to: 'pipe' | Writable): { tool: SpawnedTool; fed: Promise<void> } => {
    started = true;
    const tool = spawnTool(command, args, { stdin: 'pipe', stdout: to, signal, packageHint });
    return { tool, fed: feed(input, tool.child.stdin!) };
  };
  const finish = (work: Promise<unknown>, after: (error?: unknown) => void) =>
    work.then(() => { after(); settle.resolve(); }, (error: unknown) => { after(error); settle.reject(error); });

  function startReadable(): void {
    const { tool, fed } = start('pipe');
    stdout = tool.child.stdout!;
    stdout.on('data', (chunk: Buffer) => { if (!output.push(chunk)) stdout!.pause(); });
    void finish(Promise.all([tool.done, fed, ended(stdout)]), (error) => {
      if (!error) return void output.push(null);
      tool.child.kill('SIGTERM');
      output.destroy(error as Error);
    });
  }

  offerDirectFeed(output, (consumer) => {
    const stdin = consumer.stdin!;
    const { tool, fed } = start(stdin);
    // The decompressor dies of SIGPIPE when the consumer stopped reading: its own exit status tells why.
    const exited = tool.done.catch((error: unknown) => { if (tool.child.signalCode !== 'SIGPIPE') throw error; });
    return finish(Promise.all([exited, fed]), (error) => {
      if (error) {
        consumer.kill('SIGTERM'); // before its input can end: a half-read dump must not be committed
        tool.child.kill('SIGTERM');
      }
      stdin.destroy(); // the last writer closes: the consumer sees the end of its input
      if (error) output.destroy(error as Error);
      else output.push(null);
    });
  });

  // Never started (the restore failed before reading): the stage is over with the run.
  const onAbort = () => { if (!started) { input.destroy(); settle.reject(signal.reason); } };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  void done.finally(() => signal.removeEventListener('abort', onAbort)).catch(() => undefined);
  return { output, done };
}

/**
 * Writes `input` into the decompressor's stdin. When the decompressor stops reading (EPIPE), the rest of the input
 * is still read and discarded, so a checksum stage before it sees every byte and the pipeline can finish.
 */
async function feed(input: Readable, stdin: Writable): Promise<void> {
  let open = true;
  stdin.on('error', () => { open = false; });
  stdin.on('close', () => { open = false; });
  for await (const chunk of input) {
    if (open && !stdin.write(chunk)) await writable(stdin);
  }
  if (open) stdin.end();
}

function writable(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const go = () => { stream.off('drain', go); stream.off('close', go); resolve(); };
    stream.on('drain', go);
    stream.on('close', go);
  });
}

function ended(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('error', reject);
  });
}
