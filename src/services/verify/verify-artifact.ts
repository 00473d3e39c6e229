import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Destination } from '../../adapters/destinations/types.js';
import { CancelledError, firstLine } from '../../lib/errors.js';
import type { Sidecar } from '../../pipeline/sidecar.js';
import { IntegrityError as AgeIntegrityError, WrongKeyError } from '../../pipeline/stages/decrypt.js';
import { IntegrityError as ChecksumError, VerifyStage } from '../../pipeline/stages/verify.js';

export interface VerifyResult {
  status: 'passed' | 'failed';
  bytes: number;
  sizeOk: boolean;
  checksumOk: boolean;
  /** The age authentication of every chunk: checked only when a key was given for an encrypted backup. */
  authenticated: boolean | null;
  error: string | null;
}

/**
 * Re-reads a stored artifact and checks it against its sidecar: size and sha256 of the stored bytes, and with
 * a key, the authentication of every encrypted chunk (the plaintext is discarded). Streams; memory stays flat.
 */
export async function verifyArtifact(input: {
  destination: Destination;
  sidecarKey: string;
  sidecar: Sidecar;
  decrypt?: () => NodeJS.ReadWriteStream;
  signal: AbortSignal;
  onProgress?: (bytes: number) => void;
}): Promise<VerifyResult> {
  const { sidecar } = input;
  const key = path.posix.join(path.posix.dirname(input.sidecarKey), sidecar.artifact.name);
  let bytes = 0;
  const checksum = new VerifyStage(sidecar.artifact);
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const withKey = Boolean(sidecar.encryption && input.decrypt);
  try {
    const stored = await input.destination.get(key, undefined, input.signal);
    stored.on('data', (chunk: Buffer) => input.onProgress?.((bytes += chunk.length)));
    const stages = withKey ? [stored, checksum, input.decrypt!(), sink] : [stored, checksum, sink];
    await pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream], { signal: input.signal });
    return { status: 'passed', bytes, sizeOk: true, checksumOk: true, authenticated: withKey ? true : null, error: null };
  } catch (error) {
    if (input.signal.aborted) throw new CancelledError('Verification cancelled', { cause: error });
    const message = firstLine(error);
    if (error instanceof ChecksumError) {
      const sizeOk = !/bytes instead of|more bytes than/.test(message);
      return { status: 'failed', bytes, sizeOk, checksumOk: false, authenticated: withKey ? false : null, error: message };
    }
    // Authentication fails before the end of the stream: the stored bytes differ from what was written, so the checksum cannot match.
    if (error instanceof AgeIntegrityError) return { status: 'failed', bytes, sizeOk: true, checksumOk: false, authenticated: false, error: message };
    if (error instanceof WrongKeyError) return { status: 'failed', bytes, sizeOk: true, checksumOk: true, authenticated: null, error: message };
    throw error;
  }
}
