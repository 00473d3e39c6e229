import { ValidationError } from '../../../lib/errors.js';

/**
 * The encrypted bytes are not what was written: a flipped byte, a missing or reordered chunk, a cut-off
 * file, an altered header. Never retried; the backup copy itself is bad.
 */
export class IntegrityError extends ValidationError {}

/** None of the given identities (or the passphrase) opens this file. */
export class WrongKeyError extends ValidationError {}
