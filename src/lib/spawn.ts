import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CancelledError, LifeboatError } from './errors.js';
import { readCounter } from './tool-reads.js';
import { redactUrls } from './redact.js';

/** A tool that failed: its name, exit code and the tail of what it wrote to stderr (secrets removed). */
export class ToolError extends LifeboatError {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    message?: string,
  ) {
    super(message ?? `${tool} failed (exit ${exitCode ?? 'signal'}): ${stderr || 'no error output'}`);
  }
}

export interface SpawnToolOptions {
  /** The file to run when it is not `command` itself (found on PATH); `command` still names the tool in errors. */
  executable?: string;
  /** Extra environment (passwords go here, never in args). Merged over a minimal inherited environment. */
  env?: Record<string, string | undefined>;
  /** 'pipe' to write from JS, 'ignore', or a stream with a file descriptor (another child's stdout) to connect directly. */
  stdin?: 'pipe' | 'ignore' | Readable;
  /** 'pipe' to read in JS, 'ignore', a stream with a file descriptor, or a descriptor (an open file). */
  stdout?: 'pipe' | 'ignore' | Writable | number;
  signal?: AbortSignal;
  cwd?: string;
  /** Debian package to name when the tool is missing. */
  packageHint?: string;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: number[];
}

export interface SpawnedTool {
  child: ChildProcess;
  /** Resolves when the tool exited successfully; rejects with a ToolError, or CancelledError when aborted. */
  done: Promise<void>;
  /**
   * Bytes the tool has read so far, its TCP connections' included (a dump tool's figure moves as the server sends);
   * once it exited, the last figure taken while it ran. Undefined where /proc is unavailable or before any was taken.
   */
  bytesRead(): number | undefined;
}

const STDERR_TAIL = 4000;
const KILL_GRACE_MS = 3000;

/**
 * The one way Lifeboat runs external tools: argument arrays (never a shell), secrets via environment,
 * stderr kept for the error, killed on abort, a non-zero exit always becomes an error.
 */
export function spawnTool(command: string, args: string[], options: SpawnToolOptions = {}): SpawnedTool {
  const child = spawn(options.executable ?? command, args, {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: [options.stdin ?? 'ignore', options.stdout ?? 'pipe', 'pipe'],
    shell: false,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  const onAbort = () => terminate(child);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) terminate(child);

  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        const hint = options.packageHint ? ` (install the Debian package ${options.packageHint})` : '';
        reject(new ToolError(command, null, '', `${command} is not installed or not on PATH${hint}`));
      } else reject(new ToolError(command, null, error.message));
    });
    child.once('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(new CancelledError(`${command} cancelled`));
      if (code !== null && (options.okExitCodes ?? [0]).includes(code)) return resolve();
      reject(new ToolError(command, code, summarize(stderr), signal ? `${command} was killed by ${signal}: ${summarize(stderr)}` : undefined));
    });
  });
  done.catch(() => undefined); // callers await it; never an unhandled rejection when they fail first
  return { child, done, bytesRead: readCounter(child, spawnTool) };
}

function terminate(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, KILL_GRACE_MS).unref();
}

/** Last meaningful lines of stderr, secrets removed. */
export function summarize(stderr: string): string {
  const lines = redactUrls(stderr)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.slice(-5).join(' | ');
}

/** A minimal environment so tools do not inherit unrelated secrets from Lifeboat's own environment. */
function baseEnv(): Record<string, string | undefined> {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER'];
  return Object.fromEntries(keep.map((key) => [key, process.env[key]]));
}

/** The file a spawn of `name` would run: the first executable `<dir>/<name>` on the search path (PATH by default). */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  return searchPath.split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name)).find(isExecutable);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
