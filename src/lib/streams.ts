import net from 'node:net';
import type { Readable } from 'node:stream';

/**
 * True when the stream is backed by an OS pipe or socket (e.g. a child's stdout) and nothing was read
 * from it into JavaScript yet: it can then be handed to another child's stdin directly, so its bytes never
 * cross JavaScript. Bytes already buffered here would be lost to the next tool, so then the answer is no.
 * The caller must hand it over synchronously and close its own copy (see compress.ts).
 */
export function hasFileDescriptor(stream: Readable): boolean {
  return (
    stream instanceof net.Socket &&
    Boolean((stream as unknown as { _handle?: unknown })._handle) &&
    stream.readableLength === 0 &&
    !stream.readableDidRead
  );
}

/** Reads a small stream (a sidecar) whole; refuses more than `limit` bytes. */
export async function readSmall(stream: Readable, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new Error(`Expected at most ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
