import { readFileSync } from 'node:fs';

/**
 * Bytes process `pid` has read so far: `rchar` of /proc/<pid>/io, which counts read(2) calls (files, pipes, and
 * sockets read that way) but not recv(2) — see tool-reads.ts for the socket figure. Readable by the same user
 * without privileges. Undefined where /proc is unavailable (not Linux) or the process
 * is gone. A procfs read takes microseconds and never waits on a disk, hence synchronous.
 */
export function processReadBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const rchar = /^rchar:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return rchar ? Number(rchar[1]) : undefined;
  } catch {
    return undefined;
  }
}
