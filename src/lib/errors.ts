/**
 * The few error classes Lifeboat uses. Adapters translate driver errors into these at their edge;
 * services throw them; one HTTP mapper turns them into responses. Add context with `cause`.
 */
export class LifeboatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that does not satisfy a schema or a rule. `issues` carry field paths for the caller. */
export class ValidationError extends LifeboatError {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class NotFoundError extends LifeboatError {}

/** The request is valid but conflicts with current state (duplicate name, object in use...). */
export class ConflictError extends LifeboatError {}

export class PermissionError extends LifeboatError {}

/** Worth retrying: a dropped connection, a 5xx, a timeout. Retry wrappers only retry these. */
export class TransientError extends LifeboatError {}

export class CancelledError extends LifeboatError {
  constructor(message = 'Cancelled', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A misconfiguration that stops start-up: printed as one line, exit non-zero. */
export class ConfigError extends LifeboatError {}

/** The first line of an error's message, for notifications and summaries. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? '';
}
