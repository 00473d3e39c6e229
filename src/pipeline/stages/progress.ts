/** Receives a backup's progress: bytes the destinations took, and bytes read from the source when known. */
export type ProgressSink = (bytes: number, sourceBytes?: number) => void;

/**
 * Sends a backup's progress to `onProgress` every `intervalMs` while it changes: the bytes the slowest destination
 * has taken (`taken`, from fan-out; counting ahead of the uploads would show what sits in buffers, megabytes ahead
 * of a slow link), and what the dump read from the database (`sourceBytes`; undefined when unknown), which moves
 * while a dump tool still gathers a row it will hand on whole. Both are sampled, so a link that takes a chunk every
 * few seconds still moves the figure, and neither ever decreases. The returned stop sends the last figures.
 */
export function reportProgress(
  onProgress: ProgressSink | undefined,
  taken: () => number,
  sourceBytes: () => number | undefined = () => undefined,
  intervalMs = 250,
): () => void {
  if (!onProgress) return () => undefined;
  let bytes = 0;
  let source: number | undefined;
  let sent: [number, number | undefined] | undefined;
  const send = () => {
    bytes = Math.max(bytes, taken());
    const read = sourceBytes();
    if (read !== undefined) source = Math.max(source ?? 0, read);
    if (sent && sent[0] === bytes && sent[1] === source) return;
    sent = [bytes, source];
    onProgress(bytes, source);
  };
  const timer = setInterval(send, intervalMs).unref();
  return () => {
    clearInterval(timer);
    send();
  };
}
