import { LifeboatError, NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';
import { redactUrls } from '../../../lib/redact.js';

const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ERR_NOT_CONNECTED', 'ERR_GENERIC_CLIENT']);

/** Turns an ssh2 / ssh2-sftp-client error into Lifeboat's classes. */
export function translateSftpError(error: unknown, what: string): unknown {
  if (error instanceof LifeboatError) return error;
  const e = error as { code?: string | number; message?: string; level?: string };
  const message = redactUrls(e?.message ?? String(error));
  if (e?.code === 2 || e?.code === 'ENOENT' || /no such file/i.test(message)) return new NotFoundError(`${what}: not found`, { cause: error });
  if (e?.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return new PermissionError(`${what}: the SFTP server refused the login; check the user name, password or key`, { cause: error });
  }
  if (e?.code === 3 || e?.code === 'EACCES' || /permission denied/i.test(message)) {
    return new PermissionError(`${what}: permission denied on the SFTP server`, { cause: error });
  }
  if (NETWORK.has(String(e?.code)) || /not connected|connection lost|no sftp connection|socket|timed out|ECONNRESET/i.test(message)) {
    return new TransientError(`${what}: the SFTP connection failed (${message})`, { cause: error });
  }
  return new Error(`${what}: ${message}`, { cause: error });
}
