import path from 'node:path';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination } from '../adapters/destinations/types.js';
import type { RestoreOptions, Source } from '../adapters/sources/types.js';
import { CancelledError, ValidationError } from '../lib/errors.js';
import type { Sidecar } from './sidecar.js';
import { decompressStage } from './stages/compress.js';
import { VerifyStage } from './stages/verify.js';

export interface RestoreRequest {
  destination: Destination;
  /** Key of the sidecar; the artifact sits beside it under the name the sidecar records. */
  sidecarKey: string;
  sidecar: Sidecar;
  target: Source;
  options: Omit<RestoreOptions, 'format'>;
  /** Required when the sidecar says the artifact is encrypted. */
  decryption?: { transform(): Duplex };
  signal: AbortSignal;
  onProgress?: (bytes: number) => void;
}

/**
 * The mirror of backup: destination.get -> verify (size, sha256) -> decrypt -> decompress -> source.restore.
 * Any failure stops the restore tool before its input ends, so the engine's transaction is rolled back
 * rather than committed half-way.
 */
export async function runRestore(request: RestoreRequest): Promise<void> {
  const { sidecar } = request;
  if (sidecar.encryption && !request.decryption) {
    throw new ValidationError('This backup is encrypted: give the identity or passphrase that can decrypt it');
  }
  const stop = new AbortController();
  const signal = AbortSignal.any([request.signal, stop.signal]);
  let cause: unknown;
  const halt = (error: unknown) => {
    if (stop.signal.aborted) return;
    cause = error; // the error that started it, not the aborts that stopping the other steps causes
    stop.abort(error);
  };
  const artifactKey = path.posix.join(path.posix.dirname(request.sidecarKey), sidecar.artifact.name);
  const stored = await request.destination.get(artifactKey, undefined, signal);
  let received = 0;
  stored.on('data', (chunk: Buffer) => request.onProgress?.((received += chunk.length)));
  const verify = new VerifyStage(sidecar.artifact, halt);
  const decrypt = request.decryption?.transform();
  const plain = new PassThrough();
  // Registered before the pipeline's own handlers: tools are stopped before any input closes.
  for (const stage of [stored, verify, decrypt].filter(Boolean) as (Readable | Duplex)[]) stage.once('error', halt);
  const feeding = decrypt ? pipeline(stored, verify, decrypt, plain, { signal }) : pipeline(stored, verify, plain, { signal });
  const decompressed = decompressStage(sidecar.compression, plain, signal);
  const steps = [
    feeding,
    decompressed.done,
    request.target.restore(decompressed.output, { ...request.options, format: sidecar.dump.format }, signal),
  ].map((step) => step.catch((error: unknown) => { halt(error); throw error; }));
  const results = await Promise.allSettled(steps);
  if (request.signal.aborted) throw new CancelledError('Restore cancelled');
  if (results.some((r) => r.status === 'rejected')) throw cause;
}
