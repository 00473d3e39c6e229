import { PassThrough, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { spawnTool } from '../../lib/spawn.js';
import { hasFileDescriptor } from '../../lib/streams.js';
import type { CompressionSpec } from './compression.js';
import { deferredDecompress } from './decompress-tool.js';

export interface StageOutput {
  output: Readable;
  /** Resolves when the stage finished cleanly; rejects with the stage's error. */
  done: Promise<void>;
}

type Direction = 'compress' | 'decompress';

/**
 * zstd and bzip2 run as child processes (zstd is multi-threaded and far faster than anything in-process;
 * Node 20 has no zstd). gzip and brotli run in zlib. When the input is another tool's stdout it is wired
 * to the compressor's stdin as an OS pipe, so raw dump bytes never cross JavaScript; on restore the
 * decompressor can likewise write straight into the restore tool's stdin (decompress-tool.ts).
 */
export function compressStage(spec: CompressionSpec, input: Readable, signal: AbortSignal): StageOutput {
  return runCodec(spec, 'compress', input, signal);
}

export function decompressStage(spec: CompressionSpec, input: Readable, signal: AbortSignal): StageOutput {
  return runCodec(spec, 'decompress', input, signal);
}

function runCodec(spec: CompressionSpec, direction: Direction, input: Readable, signal: AbortSignal): StageOutput {
  switch (spec.algorithm) {
    case 'none':
      return { output: input, done: Promise.resolve() };
    case 'zstd':
      if (direction === 'decompress') return deferredDecompress('zstd', ['-d', '-c', '-q'], 'zstd', input, signal);
      return runTool('zstd', zstdArgs(spec.level), 'zstd', input, signal);
    case 'bzip2':
      if (direction === 'decompress') return deferredDecompress('bzip2', ['-d', '-c'], 'bzip2', input, signal);
      return runTool('bzip2', ['-c', `-${spec.level ?? 9}`], 'bzip2', input, signal);
    case 'gzip':
      return runTransform(
        direction === 'compress' ? zlib.createGzip({ level: spec.level ?? 6, chunkSize: 256 * 1024 }) : zlib.createGunzip({ chunkSize: 256 * 1024 }),
        input,
        signal,
      );
    case 'brotli':
      return runTransform(
        direction === 'compress'
          ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: spec.level ?? 4 } })
          : zlib.createBrotliDecompress(),
        input,
        signal,
      );
  }
}

function zstdArgs(level: number | null): string[] {
  const effective = level ?? 3;
  return [...(effective > 19 ? ['--ultra'] : []), `-${effective}`, '-T0', '-q', '-c'];
}

function runTool(command: string, args: string[], packageHint: string, input: Readable, signal: AbortSignal): StageOutput {
  const direct = hasFileDescriptor(input);
  const tool = spawnTool(command, args, { stdin: direct ? input : 'pipe', stdout: 'pipe', signal, packageHint });
  // Node discards a child's unread stdout once the child exits: a small dump can be compressed completely
  // before the next stage attaches, so the output is taken into a relay at once.
  const output = new PassThrough({ highWaterMark: 1024 * 1024 });
  const relaying = pipeline(tool.child.stdout!, output, { signal });
  if (direct) {
    // The child holds its own copy of the descriptor; closing ours lets the producer see EOF/EPIPE correctly.
    input.destroy();
    return { output, done: settled(Promise.all([tool.done, relaying])) };
  }
  const feeding = pipeline(input, tool.child.stdin!, { signal }).catch((error: NodeJS.ErrnoException) => {
    // The tool's own exit status explains an early stop better than EPIPE does.
    if (error.code === 'EPIPE') return tool.done;
    throw error;
  });
  return { output, done: settled(Promise.all([tool.done, feeding, relaying])) };
}

/**
 * A stage's completion: callers that get that far await it, but a run that failed earlier may never do so,
 * and an unawaited rejection must not take the whole server down.
 */
function settled(all: Promise<unknown>): Promise<void> {
  const done = all.then(() => undefined);
  done.catch(() => undefined);
  return done;
}

function runTransform(transform: Transform, input: Readable, signal: AbortSignal): StageOutput {
  return { output: transform, done: settled(pipeline(input, transform, { signal, end: true })) };
}
