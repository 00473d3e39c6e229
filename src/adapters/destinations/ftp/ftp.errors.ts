import { LifeboatError, NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** Turns a basic-ftp error (FTP reply code on `.code`) or a socket error into Lifeboat's classes. */
export function translateFtpError(error: unknown, what: string): unknown {
  if (error instanceof LifeboatError) return error;
  const e = error as { code?: number | string; message?: string };
  const message = e?.message ?? String(error);
  if (e?.code === 550 || /ENOENT|no such file|not found/i.test(message)) return new NotFoundError(`${what}: not found (${message})`, { cause: error });
  if (e?.code === 530) return new PermissionError(`${what}: the FTP server refused the login; check the user name and password`, { cause: error });
  if (e?.code === 553 || e?.code === 532) return new PermissionError(`${what}: the FTP server refused the operation (${message})`, { cause: error });
  const transientReply = typeof e?.code === 'number' && e.code >= 400 && e.code < 500;
  if (transientReply || NETWORK.has(String(e?.code)) || /closed|timeout|ECONNRESET|socket/i.test(message)) {
    return new TransientError(`${what}: the FTP connection failed (${message})`, { cause: error });
  }
  return new Error(`${what}: ${message}`, { cause: error });
}
