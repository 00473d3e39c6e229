import { NotFoundError, PermissionError, TransientError } from '../../../lib/errors.js';

/** Turns a file-system error into Lifeboat's classes, with what failed and what to do. */
export function translateFsError(error: unknown, what: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new NotFoundError(`${what}: not found`, { cause: error });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PermissionError(`${what}: permission denied; check that Lifeboat's user may write the folder`, { cause: error });
    case 'EAGAIN':
    case 'EBUSY':
    case 'EMFILE':
    case 'ENFILE':
    case 'ETIMEDOUT':
      return new TransientError(`${what}: ${(error as Error).message}`, { cause: error });
    case 'ENOSPC':
      return new Error(`${what}: the disk is full; free space or choose another destination`, { cause: error });
    default:
      return error;
  }
}
