import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The generic webhook's signature, in the style of Stripe's: `X-Lifeboat-Signature: t=<unix seconds>,v1=<hex>`
 * where hex = HMAC-SHA256(secret, "<t>.<raw body>"). Signing the timestamp with the body lets receivers
 * reject replays of an old request. README.md shows how a receiver verifies it; this file is the reference.
 */
export const SIGNATURE_HEADER = 'X-Lifeboat-Signature';

export function signatureHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${signatureHex(secret, timestamp, body)}`;
}

export interface VerifyOptions {
  /** Oldest accepted request, in seconds from now. Default 300. */
  toleranceSeconds?: number;
  /** Unix seconds; default now. */
  now?: number;
}

/** True when `header` signs exactly `body` with `secret` and is recent enough. */
export function verifySignature(secret: string, body: string, header: string, options: VerifyOptions = {}): boolean {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureHex(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
