import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, freePort, type CliResult } from '../../support/cli.js';

/** The CLI entry to run; LIFEBOAT_PROOF_CLI may name a prebuilt cli.js (bin/lifeboat.cjs compiles sources on the fly when they are newer than dist/). */
export const CLI = process.env.LIFEBOAT_PROOF_CLI ?? BIN;

/** `lifeboat <args>` through CLI. */
export function lifeboat(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface ProofServer {
  url: string;
  child: ChildProcess;
  /** Everything the process printed (its logs), across its life. */
  output(): string;
  /** SIGKILL: no shutdown handler runs, exactly like a power cut of the process. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `lifeboat serve` as a real process, with its own working directory (so a command injected through a
 * name, like `$(touch x)`, would leave a file we can look for) and a data directory that survives restarts.
 */
export async function startProofServer(options: { dataDir: string; cwd: string; env?: Record<string, string> }): Promise<ProofServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), LIFEBOAT_DATA_DIR: options.dataDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('listening on')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('close', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, child, output: () => output, kill9: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

export interface ApiClient {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Every response body seen, for the secret scan. */
  transcript: string[];
}

/** Creates the first administrator (first run only) and signs in; the cookie session survives restarts (stored in the app DB). */
export async function adminClient(url: () => string, credentials: { email: string; password: string }, firstRun: boolean): Promise<ApiClient> {
  const transcript: string[] = [];
  let cookie = '';
  const call: ApiClient['call'] = async (method, path, body) => {
    const base = url();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie, origin: base } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    transcript.push(text);
    let parsed: unknown;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    return { status: response.status, body: parsed, text };
  };
  if (firstRun) {
    const setup = await call('POST', '/api/v1/setup', credentials);
    if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${setup.text}`);
  }
  const response = await fetch(`${url()}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url() },
    body: JSON.stringify(credentials),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { call, transcript };
}
