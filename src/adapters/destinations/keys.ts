import { ValidationError } from '../../lib/errors.js';

/** S3's own limit; also keeps paths well under PATH_MAX on file systems. */
export const MAX_KEY_BYTES = 1024;

/** Temporary upload names (`<key>.partial-<random>`) are reserved: list() hides them, so keys cannot use them. */
const TEMP_MARKER = /\.partial-[A-Za-z0-9]+$/;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

function reject(key: string, reason: string): never {
  throw new ValidationError(`Invalid storage key ${JSON.stringify(key.slice(0, 200))}: ${reason}`, [
    { path: 'key', message: reason },
  ]);
}

function checkText(key: string): void {
  if (typeof key !== 'string') reject(String(key), 'it must be a string');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) reject(key, `it is longer than ${MAX_KEY_BYTES} bytes`);
  if (CONTROL_CHARACTERS.test(key)) reject(key, 'it contains control characters');
  if (key.includes('\\')) reject(key, 'it contains a backslash (use "/" between segments)');
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) reject(key, 'it is an absolute path');
}

function checkSegments(key: string, segments: string[]): void {
  for (const segment of segments) {
    if (segment === '') reject(key, 'it has an empty segment ("//" or a leading or trailing "/")');
    if (segment === '.' || segment === '..') reject(key, 'it has a "." or ".." segment');
  }
}

/**
 * Every adapter calls this before touching storage, so a traversal attempt is a ValidationError and never
 * reaches a file outside the destination: no "..", no absolute path, no backslash, no empty segment,
 * no control characters, at most MAX_KEY_BYTES bytes.
 */
export function assertValidKey(key: string): string {
  checkText(key);
  if (key === '') reject(key, 'it is empty');
  checkSegments(key, key.split('/'));
  if (TEMP_MARKER.test(key)) reject(key, 'names ending in ".partial-<id>" are reserved for uploads in progress');
  return key;
}

/** A list() prefix: '' (everything), a key, a partial segment ("jobs/ab") or a folder ("jobs/"). */
export function assertValidPrefix(prefix: string): string {
  checkText(prefix);
  if (prefix === '') return prefix;
  const segments = prefix.split('/');
  // The last segment may be empty (a folder prefix) or partial; earlier ones follow the key rules.
  checkSegments(prefix, segments.slice(0, -1));
  const last = segments[segments.length - 1]!;
  if (last === '.' || last === '..') reject(prefix, 'it has a "." or ".." segment');
  return prefix;
}

/** A temporary upload name next to the final one; list() skips such names. */
export function temporaryKey(key: string, random: string): string {
  return `${key}.partial-${random}`;
}

export function isTemporaryKey(key: string): boolean {
  return TEMP_MARKER.test(key);
}

/** Parent folder of a key ('' for a top-level key). */
export function parentOf(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}
