import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import type { Logger } from '../lib/logger.js';
import {
  CancelledError,
  ConfigError,
  ConflictError,
  LifeboatError,
  NotFoundError,
  PermissionError,
  TransientError,
  ValidationError,
} from '../lib/errors.js';
import { redactUrls } from '../lib/redact.js';

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; id?: string };
}

export function zodIssues(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** The one place errors become HTTP responses. Unknown errors are logged with an id and never echoed. */
export function mapError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof ZodError) return body(c, 400, 'validation', 'Invalid input', zodIssues(error));
  if (error instanceof ValidationError) return body(c, 400, 'validation', error.message, error.issues);
  if (error instanceof NotFoundError) return body(c, 404, 'not_found', error.message);
  if (error instanceof ConflictError) return body(c, 409, 'conflict', error.message);
  if (error instanceof PermissionError) return body(c, 403, 'forbidden', error.message);
  if (error instanceof CancelledError) return body(c, 409, 'cancelled', error.message);
  // A database or storage that cannot be reached: the adapter's message says what to check.
  if (error instanceof TransientError) return body(c, 503, 'unavailable', redactUrls(error.message));
  // Other expected failures (a tool that failed, a damaged backup) carry a message written for users.
  if (error instanceof LifeboatError && !(error instanceof ConfigError)) return body(c, 422, 'failed', redactUrls(error.message));
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'too_large' : status === 429 ? 'rate_limited' : 'bad_request';
    const response = body(c, status, code, error.message || (status === 429 ? 'Too many requests: try again later' : 'Bad request'));
    // Keep headers the thrower prepared (Retry-After on rate limits).
    error.res?.headers.forEach((value, name) => {
      if (name.toLowerCase() !== 'content-type') response.headers.set(name, value);
    });
    return response;
  }
  const id = randomUUID();
  logger.error({ errorId: id, err: { message: redactUrls(String((error as Error)?.message ?? error)), stack: (error as Error)?.stack } }, 'Unhandled error');
  return c.json({ error: { code: 'internal', message: `Internal error (id ${id})`, id } } satisfies ErrorBody, 500);
}

function body(
  c: Context,
  status: number,
  code: string,
  message: string,
  issues?: { path: string; message: string }[],
): Response {
  return c.json({ error: { code, message, ...(issues ? { issues } : {}) } } satisfies ErrorBody, status as 400);
}
