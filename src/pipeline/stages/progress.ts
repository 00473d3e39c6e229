import { Transform, type Readable } from 'node:stream';
import type { Destination } from '../../adapters/destinations/types.js';

/** Receives a backup's progress: bytes the destinations took, and bytes read from the source when known. */
export type ProgressSink = (bytes: number, sourceBytes?: number) => void;

interface Watched {
  body: Transform;
  /** Bytes the body has passed to its readable side; what the adapter has not read yet is still buffered there. */
  pushed: number;
}

/**
 * A backup's progress as bytes the destinations have taken, the slowest live one setting the figure (fan-out
 * waits for it too). Counting ahead of the upload bodies would show what sits in buffers, megabytes ahead of
 * a slow link. The count is one addition in each body's own transform: no extra stream, no per-chunk event;
 * the figure is sampled on a timer, so a link that takes a chunk every few seconds still moves it.
 */
export class AcceptedBytes {
  private readonly watched: Watched[] = [];
  private reported = 0;

  /** The destination as fan-out sees it: every body it uploads is counted. Only `put` is intercepted. */
  watch(destination: Destination): Destination {
    const put: Destination['put'] = (key, body, signal) => {
      this.track(body);
      return destination.put(key, body, signal);
    };
    return Object.create(destination, { put: { value: put } }) as Destination;
  }

  /** Bytes the slowest destination still uploading has taken (never decreases; a failed one no longer counts). */
  bytes(): number {
    let slowest = Number.POSITIVE_INFINITY;
    for (const w of this.watched) {
      if (w.body.destroyed && !w.body.readableEnded) continue; // cut off: its upload failed
      slowest = Math.min(slowest, w.pushed - w.body.readableLength);
    }
    if (Number.isFinite(slowest)) this.reported = Math.max(this.reported, slowest);
    return this.reported;
  }

  /**
   * Sends the figures to `onProgress` every `intervalMs` while either changes: the bytes taken, and what the dump
   * read from the database (`sourceBytes`, kept from its highest; undefined when unknown). The source figure moves
   * while a dump tool still gathers a row it will hand on whole. The returned stop sends the last ones.
   */
  report(onProgress: ProgressSink | undefined, sourceBytes: () => number | undefined = () => undefined, intervalMs = 250): () => void {
    if (!onProgress) return () => undefined;
    let sent = -1;
    let sentSource: number | undefined;
    let source: number | undefined;
    const send = () => {
      const bytes = this.bytes();
      const read = sourceBytes();
      if (read !== undefined) source = Math.max(source ?? 0, read);
      if (bytes === sent && source === sentSource) return;
      sent = bytes;
      sentSource = source;
      onProgress(bytes, source);
    };
    const timer = setInterval(send, intervalMs).unref();
    return () => {
      clearInterval(timer);
      send();
    };
  }

  private track(body: Readable): void {
    if (!(body instanceof Transform)) return; // fan-out's bodies are PassThroughs
    const w: Watched = { body, pushed: 0 };
    const transform = body._transform.bind(body);
    body._transform = (chunk: Buffer, encoding, callback) => {
      w.pushed += chunk.length;
      transform(chunk, encoding, callback);
    };
    this.watched.push(w);
  }
}
