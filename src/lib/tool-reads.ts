import { readdir, readlink } from 'node:fs/promises';
import { processReadBytes } from './process-io.js';
import type { SpawnedTool, SpawnToolOptions } from './spawn.js';
import { readSmall } from './streams.js';

/** spawnTool, passed in: spawn.ts builds a counter for every tool, so importing it here would be a cycle. */
type Run = (command: string, args: string[], options: SpawnToolOptions) => SpawnedTool;
type ChildProcess = SpawnedTool['child'];

/** How often the socket figure is refreshed: each refresh runs `ss` once. */
const SOCKET_REFRESH_MS = 1000;

/**
 * What a running tool has read so far, for progress: the bytes received on its TCP connections when it holds any,
 * else everything it passed through read(2) (`rchar`). Both matter: C clients such as libpq and libmariadb take
 * their sockets' bytes with recv(2), which `rchar` does not count, while Go tools (mongodump) use read(2).
 * Synchronous and cheap: `rchar` is read at each call, the socket figure refreshed in the background at most once
 * a second. Reads stop when the tool exits (its pid may be reused); the last figure stays.
 */
export function readCounter(child: ChildProcess, run: Run): () => number | undefined {
  const running = () => child.exitCode === null && child.signalCode === null;
  let rchar: number | undefined;
  let received: number | undefined;
  let asking = false;
  let askedAt = Number.NEGATIVE_INFINITY;
  let ssMissing = false;
  const refresh = () => {
    asking = true;
    askedAt = Date.now();
    tcpBytesReceived(child.pid!, run).then(
      (bytes) => {
        if (bytes !== undefined && running()) received = Math.max(received ?? 0, bytes);
      },
      () => void (ssMissing = true), // no ss here: rchar alone
    ).finally(() => void (asking = false));
  };
  return () => {
    if (!running() || child.pid === undefined) return received ?? rchar;
    rchar = processReadBytes(child.pid) ?? rchar;
    if (!asking && !ssMissing && rchar !== undefined && Date.now() - askedAt >= SOCKET_REFRESH_MS) refresh();
    return received ?? rchar;
  };
}

/**
 * Bytes received so far on the TCP sockets `pid` holds, from the kernel's per-socket counters (tcp_info) as
 * `ss` reports them to any user; the sockets are matched by inode, from the process's /proc fd links.
 * Undefined when it holds no TCP socket; rejects when ss cannot run.
 */
export async function tcpBytesReceived(pid: number, run: Run): Promise<number | undefined> {
  const inodes = await socketInodes(pid);
  if (inodes.size === 0) return undefined;
  const ss = run('ss', ['-tinOeH', 'state', 'established'], { stdout: 'pipe', packageHint: 'iproute2' });
  const [output] = await Promise.all([readSmall(ss.child.stdout!, 64 * 1024 * 1024), ss.done]);
  return receivedBy(output.toString('utf8'), inodes);
}

/** Sums `bytes_received` over the lines of `ss -tinOe` output whose socket inode is in `inodes`. */
export function receivedBy(ssOutput: string, inodes: Set<string>): number | undefined {
  let sum: number | undefined;
  for (const line of ssOutput.split('\n')) {
    const inode = /\bino:(\d+)/.exec(line)?.[1];
    if (inode === undefined || !inodes.has(inode)) continue;
    sum = (sum ?? 0) + Number(/\bbytes_received:(\d+)/.exec(line)?.[1] ?? 0);
  }
  return sum;
}

async function socketInodes(pid: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const dir = `/proc/${pid}/fd`;
  for (const fd of await readdir(dir).catch(() => [])) {
    const target = await readlink(`${dir}/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) inodes.add(inode);
  }
  return inodes;
}
