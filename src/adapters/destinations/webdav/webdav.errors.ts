import { LifeboatError, NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';
import { redactUrls } from '../../../lib/redact.js';

const NETWORK = /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|network|premature close|terminated|other side closed/i;

/** Turns a `webdav` client error (HTTP status on `.status`) into Lifeboat's classes. */
export function translateWebdavError(error: unknown, what: string): unknown {
  if (error instanceof LifeboatError) return error;
  const e = error as { status?: number; code?: string; message?: string; cause?: { code?: string } };
  const status = e?.status;
  const message = redactUrls(e?.message ?? String(error));
  if (status === 404) return new NotFoundError(`${what}: not found`, { cause: error });
  if (status === 401 || status === 403) {
    return new PermissionError(`${what}: the WebDAV server refused access (${status}); check the user name and password`, { cause: error });
  }
  if (status === 507) return new Error(`${what}: the WebDAV server is out of space (507)`, { cause: error });
  if ((status !== undefined && status >= 500) || status === 408 || status === 429 || NETWORK.test(`${e?.code} ${e?.cause?.code} ${message}`)) {
    return new TransientError(`${what}: the WebDAV server is unavailable right now (${message})`, { cause: error });
  }
  return new Error(`${what}: ${message}`, { cause: error });
}
