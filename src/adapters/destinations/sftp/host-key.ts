import { createHash } from 'node:crypto';
import { PermissionError } from '../../../lib/errors.js';

/** OpenSSH's fingerprint format for a raw public key blob: "SHA256:" + base64 without padding. */
export function hostKeyFingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Accepts "SHA256:abc", "abc" or with trailing '=' padding; compares the canonical form. */
export function normalizeFingerprint(text: string): string {
  const bare = text.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${bare}`;
}

/**
 * Remembers the host key seen on connect and refuses a key that differs from the pinned one. A mismatch is an
 * error, never a prompt: the server's key changed or someone is in between.
 */
export class HostKeyPin {
  lastSeen: string | undefined;
  mismatch: string | undefined;

  constructor(
    private readonly pinned: string | undefined,
    private readonly where: string,
  ) {}

  /** ssh2's hostVerifier: returning false aborts the handshake. */
  readonly verify = (key: Buffer): boolean => {
    const seen = hostKeyFingerprint(key);
    this.lastSeen = seen;
    this.mismatch = undefined;
    if (this.pinned && normalizeFingerprint(this.pinned) !== seen) {
      this.mismatch = seen;
      return false;
    }
    return true;
  };

  /** The error to throw when the last handshake failed because of the pin, if it did. */
  mismatchError(cause: unknown): PermissionError | undefined {
    if (!this.mismatch) return undefined;
    return new PermissionError(
      `The SSH host key of ${this.where} is ${this.mismatch}, but ${normalizeFingerprint(this.pinned!)} is pinned. ` +
        'The server key changed or the connection is being intercepted; if the change is expected, update the pinned fingerprint.',
      { cause },
    );
  }
}
