import type { Readable } from 'node:stream';
import type { SpawnedTool } from './spawn.js';

type ChildProcess = SpawnedTool['child'];

/**
 * Starts the producer of a stream's bytes with `consumer`'s stdin as its stdout, so the bytes go from one
 * process to the other through an OS pipe and never cross JavaScript. Settles when the producer is done.
 */
export type DirectFeed = (consumer: ChildProcess) => Promise<void>;

const offers = new WeakMap<Readable, DirectFeed>();

/** Marks `stream` as one whose producer can write straight into a consumer's stdin (see handOverInput). */
export function offerDirectFeed(stream: Readable, feed: DirectFeed): void {
  offers.set(stream, feed);
}

/**
 * Hands `input` to `consumer` (spawned with stdin 'pipe') as an OS pipe when the stream offers it and nothing was
 * read from it yet; returns undefined otherwise, and the caller pipes it through JavaScript as before. The
 * returned promise never rejects: failures surface as the input's 'error' and the consumer's exit status.
 */
export function handOverInput(input: Readable, consumer: ChildProcess): Promise<void> | undefined {
  const feed = offers.get(input);
  if (!feed || input.readableDidRead || input.readableFlowing || input.readableLength > 0 || input.destroyed) return undefined;
  offers.delete(input);
  return feed(consumer).catch(() => undefined);
}
