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

/**
 * A compressor that writes straight into an open file (a destination's createFile), so the compressed bytes
 * never cross JavaScript either. Only for the tool codecs with a tool's stdout as input; null otherwise.
 */
export function compressIntoFile(spec: CompressionSpec, input: Readable, fd: number, signal: AbortSignal): { done: Promise<void> } | null {
  const tool = compressorTool(spec);
  if (!tool || !hasFileDescriptor(input)) return null;
  const spawned = spawnTool(tool.command, tool.args, { stdin: input, stdout: fd, signal, packageHint: tool.command });
  input.destroy(); // the child holds its own copy of the descriptor (see runTool)
  return { done: settled(spawned.done) };
}

/** Whether this compression runs as a child process (and so can write into a file by itself). */
export const compressesWithTool = (spec: CompressionSpec): boolean => compressorTool(spec) !== null;

/** The compressors that run as child processes, with their arguments. */
function compressorTool(spec: CompressionSpec): { command: string; args: string[] } | null {
  if (spec.algorithm === 'zstd') return { command: 'zstd', args: zstdArgs(spec.level) };
  if (spec.algorithm === 'bzip2') return { command: 'bzip2', args: ['-c', `-${spec.level ?? 9}`] };
  return null;
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
      return runTool(compressorTool(spec)!, input, signal);
    case 'bzip2':
      if (direction === 'decompress') return deferredDecompress('bzip2', ['-d', '-c'], 'bzip2', input, signal);
      return runTool(compressorTool(spec)!, input, signal);
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

function runTool({ command, args }: { command: string; args: string[] }, input: Readable, signal: AbortSignal): StageOutput {
  const direct = hasFileDescriptor(input);
  const tool = spawnTool(command, args, { stdin: direct ? input : 'pipe', stdout: 'pipe', signal, packageHint: command });
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
