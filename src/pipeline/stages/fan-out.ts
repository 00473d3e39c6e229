import { Transform, Writable } from 'node:stream';
import type { Destination, ObjectInfo } from '../../adapters/destinations/types.js';

export interface FanOutTarget {
  name: string;
  destination: Destination;
  key: string;
}

export type FanOutResult =
  | { name: string; key: string; ok: true; stored: ObjectInfo }
  | { name: string; key: string; ok: false; error: Error };

interface Branch {
  target: FanOutTarget;
  body: Transform;
  /** Bytes moved to the body's readable side; what the adapter has not read yet still waits there. */
  pushed: number;
  controller: AbortController;
  upload: Promise<ObjectInfo>;
  failed?: Error;
}

/**
 * Writes one stream to N destinations at once: no second dump, no temporary file. Each chunk goes to every
 * live branch and the next chunk waits until all of them drained, so the slowest destination sets the pace.
 * A failing destination is cut off without disturbing the others. `beforeEnd` runs before any upload is
 * allowed to complete: when it rejects (the dump tool failed), every upload is aborted, so no artifact from a
 * failed dump ever becomes visible.
 */
export function fanOut(
  targets: FanOutTarget[],
  signal: AbortSignal,
  beforeEnd: () => Promise<void>,
): { sink: Writable; results: Promise<FanOutResult[]>; taken: () => number } {
  const branches: Branch[] = targets.map((target) => {
    const body = new Transform({
      highWaterMark: 1024 * 1024,
      transform(chunk: Buffer, _encoding, callback) {
        branch.pushed += chunk.length;
        callback(null, chunk);
      },
    });
    // A branch can be cut off before its adapter listens to the body (an abort while the upload still opens):
    // the error is kept on the branch and in the upload's result, it must not go unheard.
    body.on('error', () => undefined);
    const controller = new AbortController();
    const upload = target.destination.put(target.key, body, AbortSignal.any([signal, controller.signal]));
    const branch: Branch = { target, body, pushed: 0, controller, upload };
    upload.catch((error: Error) => cutOff(branch, error));
    return branch;
  });
  const live = () => branches.filter((b) => !b.failed);

  const sink = new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      const waiting = live().filter((b) => !b.body.write(chunk));
      if (live().length === 0) return void everyFailure(branches).then(callback);
      if (waiting.length === 0) return callback();
      void Promise.all(waiting.map((b) => drainedOrFailed(b))).then(() => callback());
    },
    final(callback) {
      beforeEnd().then(
        () => {
          for (const b of live()) b.body.end();
          callback();
        },
        (error: Error) => {
          for (const b of branches) cutOff(b, error);
          callback(error);
        },
      );
    },
    destroy(error, callback) {
      if (error) for (const b of branches) cutOff(b, error);
      callback(error);
    },
  });

  const results = Promise.all(
    branches.map(async (b): Promise<FanOutResult> => {
      try {
        const stored = await b.upload;
        return { name: b.target.name, key: b.target.key, ok: true, stored };
      } catch (error) {
        return { name: b.target.name, key: b.target.key, ok: false, error: b.failed ?? (error as Error) };
      }
    }),
  );
  return { sink, results, taken };

  /** Bytes the slowest live destination has taken (a body its adapter cut off no longer counts); for progress. */
  function taken(): number {
    const counted = live().filter((b) => !b.body.destroyed || b.body.readableEnded).map((b) => b.pushed - b.body.readableLength);
    return counted.length > 0 ? Math.min(...counted) : 0;
  }
}

/** Once every upload has settled: the reason each destination failed, so the run reports the cause, not the symptom. */
async function everyFailure(branches: Branch[]): Promise<Error> {
  await Promise.allSettled(branches.map((b) => b.upload));
  const failures = branches.map((b) => b.failed).filter((e): e is Error => e !== undefined);
  if (failures.length === 1) return failures[0]!;
  return new Error(`Every destination failed: ${branches.map((b) => `${b.target.name}: ${b.failed?.message ?? 'cut off'}`).join('; ')}`);
}

function cutOff(branch: Branch, error: Error): void {
  if (branch.failed) return;
  branch.failed = error;
  branch.controller.abort(error);
  branch.body.destroy(error);
}

function drainedOrFailed(branch: Branch): Promise<void> {
  // An adapter may destroy its body before its upload rejects: that body never drains and has already closed.
  if (branch.body.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      branch.body.off('drain', done);
      branch.body.off('close', done);
      resolve();
    };
    branch.body.once('drain', done);
    branch.body.once('close', done);
  });
}
