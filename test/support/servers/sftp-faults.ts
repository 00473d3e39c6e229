import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';

const { STATUS_CODE } = ssh2.utils.sftp;

/** How the server answers a WRITE it refuses, as OpenSSH's sftp-server does (SFTP v3 has no "disk full" code). */
const ANSWERS = {
  'disk full': { code: STATUS_CODE.FAILURE, message: 'No space left on device' },
  'permission denied': { code: STATUS_CODE.PERMISSION_DENIED, message: 'Permission denied' },
} as const;

export type WriteRefusal = keyof typeof ANSWERS;

export interface SftpWriteFaults {
  /** Pass to startSftpServer({ intercept }). */
  intercept(sftp: SFTPWrapper): SFTPWrapper;
  /** WRITE requests answered with the refusal so far. */
  refused(): number;
  /** Turns the fault off (space freed, permission given back): later writes succeed. */
  heal(): void;
}

/**
 * An SFTP server whose storage fills up or turns read-only: once `afterBytes` were written (over every session),
 * each further WRITE gets the refusal's status code and message instead of reaching the disk.
 */
export function sftpWriteFaults(refusal: WriteRefusal, afterBytes: number): SftpWriteFaults {
  let written = 0;
  let refused = 0;
  let healed = false;
  return {
    intercept(sftp) {
      const on = sftp.on.bind(sftp);
      // The handlers attach with on('WRITE', ...): wrap that one listener, pass every other event through.
      sftp.on = ((event: string, listener: (...args: never[]) => void) => {
        if (event !== 'WRITE') return on(event as 'WRITE', listener as never);
        return on('WRITE', (id: number, handle: Buffer, offset: number, data: Buffer) => {
          if (!healed && written + data.length > afterBytes) {
            refused++;
            const answer = ANSWERS[refusal];
            return sftp.status(id, answer.code, answer.message);
          }
          written += data.length;
          (listener as (...args: unknown[]) => void)(id, handle, offset, data);
        });
      }) as SFTPWrapper['on'];
      return sftp;
    },
    refused: () => refused,
    heal: () => (healed = true),
  };
}
