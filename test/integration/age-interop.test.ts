/**
 * Interoperability with Debian's `age` (1.1): files Lifeboat writes open with `age -d`, files `age`
 * writes open with Lifeboat, and damaged files are refused by both. age reads passphrases only from a
 * terminal, so the passphrase cases run it under util-linux `script`, which gives it a pseudo-terminal
 * fed from our stdin (the command string is a constant; paths travel in the environment).
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/lib/errors.js';
import { registerCryptoCommands } from '../../src/main/commands/crypto.commands.js';
import { BATCH_CHUNKS } from '../../src/pipeline/stages/age/chunk-batches.js';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from '../../src/pipeline/stages/age/payload.js';
import { createDecryptStage, type DecryptOptions } from '../../src/pipeline/stages/decrypt.js';
import { createEncryptStage, formatIdentityFile, generateIdentity, recipientFromIdentity, type EncryptOptions } from '../../src/pipeline/stages/encrypt.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-age-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(command: string, args: string[], options: { input?: string | Buffer; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, cwd: process.cwd() });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => undefined); // a tool that exits without reading its stdin is not a failure here
    child.stdin.end(options.input ?? '');
  });
}

/** The CLI from the TypeScript sources (a stale build in dist/ must not decide this test). */
const lifeboat = (args: string[], input?: Buffer) => run(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args], { input, env: { LOG_LEVEL: 'warn' } });

/** The same commands in-process: most cases need no new process, which keeps this file fast. */
async function lifeboatInProcess(args: string[]): Promise<void> {
  const program = new Command('lifeboat').exitOverride();
  registerCryptoCommands(program);
  await program.parseAsync(args, { from: 'user' });
}

/** `age` on a pseudo-terminal, typing `typed` at its passphrase prompt(s). */
const ageWithTty = (ageArgs: 'decrypt' | 'encrypt', input: string, output: string, typed: string) =>
  run('script', ['-qec', ageArgs === 'decrypt' ? 'exec age -d -o "$OUT" "$IN"' : 'exec age -p -o "$OUT" "$IN"', '/dev/null'], {
    input: typed,
    env: { IN: input, OUT: output, TERM: 'dumb' },
  });

async function encrypt(data: Buffer, options: EncryptOptions): Promise<Buffer> {
  return collect(Readable.from([data.subarray(0, 1000), data.subarray(1000)]), createEncryptStage(options).transform());
}

async function decrypt(encrypted: Buffer, options: DecryptOptions): Promise<{ output: Buffer; error?: Error }> {
  const received: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, callback) => (received.push(chunk), callback()) });
  const error = await pipeline(Readable.from([encrypted]), createDecryptStage(options), sink).then(() => undefined, (e: Error) => e);
  return { output: Buffer.concat(received), error };
}

async function collect(source: Readable, transform: NodeJS.ReadWriteStream): Promise<Buffer> {
  const received: Buffer[] = [];
  await pipeline(source, transform, new Writable({ write: (chunk: Buffer, _e, callback) => (received.push(chunk), callback()) }));
  return Buffer.concat(received);
}

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const BATCH = BATCH_CHUNKS * CHUNK_SIZE; // chunks are sealed and opened in batches of this many plaintext bytes
const SIZES = [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, BATCH - 1, BATCH, BATCH + 1, 2 * BATCH + CHUNK_SIZE, 5 * 1024 * 1024 + 3];

describe('age interop', () => {
  const keys = generateIdentity();
  const { identity, recipient } = keys;
  beforeAll(() => writeFileSync(file('id.txt'), formatIdentityFile(keys, new Date()), { mode: 0o600 }));

  it('lifeboat keygen writes a 0600 identity file that age reads', async () => {
    const result = await lifeboat(['keygen', '-o', file('keygen.txt')]);
    expect(result.stderr).toMatch(/^Public key: age1[a-z0-9]{58}\n$/);
    expect(statSync(file('keygen.txt')).mode & 0o777).toBe(0o600);
    const text = readFileSync(file('keygen.txt'), 'utf8');
    expect(text).toMatch(/^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n# public key: age1[a-z0-9]{58}\nAGE-SECRET-KEY-1[A-Z0-9]{58}\n$/);
    const generated = recipientFromIdentity(text.trim().split('\n').at(-1)!);
    expect(text).toContain(`# public key: ${generated}\n`);
    expect((await run('age-keygen', ['-y', file('keygen.txt')])).stdout.toString().trim()).toBe(generated);
    await expect(lifeboatInProcess(['keygen', '-o', file('keygen.txt')])).rejects.toThrow(ConflictError);
  });

  it.each(SIZES)('age -d -i opens what Lifeboat encrypted to a recipient (%i bytes)', async (size) => {
    const data = randomBytes(size);
    writeFileSync(file('to-age.age'), await encrypt(data, { recipients: [recipient] }));
    const result = await run('age', ['-d', '-i', file('id.txt'), file('to-age.age')]);
    expect(result.stderr).toBe('');
    expect(sha(result.stdout)).toBe(sha(data));
  });

  it.each(SIZES)('Lifeboat opens what age -r encrypted (%i bytes)', async (size) => {
    const data = randomBytes(size);
    writeFileSync(file('plain'), data);
    expect((await run('age', ['-r', recipient, '-o', file('from-age.age'), file('plain')])).code).toBe(0);
    const { output, error } = await decrypt(readFileSync(file('from-age.age')), { identities: [identity] });
    expect(error).toBeUndefined();
    expect(sha(output)).toBe(sha(data));
  });

  it('lifeboat decrypt opens what age -e -i encrypted, from a file and from stdin', async () => {
    const data = randomBytes(3 * CHUNK_SIZE + 77);
    writeFileSync(file('plain'), data);
    expect((await run('age', ['-e', '-i', file('id.txt'), '-o', file('e-i.age'), file('plain')])).code).toBe(0);
    await lifeboatInProcess(['decrypt', '-i', file('id.txt'), file('e-i.age'), '-o', file('e-i.out')]);
    expect(sha(readFileSync(file('e-i.out')))).toBe(sha(data));
    expect(statSync(file('e-i.out')).mode & 0o777).toBe(0o600);
    const toStdout = await lifeboat(['decrypt', '-i', file('id.txt'), '-'], readFileSync(file('e-i.age')));
    expect(toStdout.code).toBe(0);
    expect(sha(toStdout.stdout)).toBe(sha(data));
  });

  it('age -d opens a Lifeboat passphrase file (typed on a pseudo-terminal)', async () => {
    const data = randomBytes(CHUNK_SIZE + 9);
    writeFileSync(file('pass.age'), await encrypt(data, { passphrase: 'battery staple', scryptWorkFactor: 15 })); // cheaper than the default 18, same format
    const result = await ageWithTty('decrypt', file('pass.age'), file('pass.out'), 'battery staple\n');
    expect(result.code).toBe(0);
    expect(sha(readFileSync(file('pass.out')))).toBe(sha(data));
  });

  it('lifeboat decrypt --passphrase-file opens an age -p file', async () => {
    const data = randomBytes(2 * CHUNK_SIZE);
    writeFileSync(file('plain'), data);
    const made = await ageWithTty('encrypt', file('plain'), file('age-p.age'), 'battery staple\nbattery staple\n');
    expect(made.code).toBe(0);
    expect(readFileSync(file('age-p.age')).toString('latin1', 0, 32)).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    writeFileSync(file('pass.txt'), 'battery staple\n', { mode: 0o600 });
    await lifeboatInProcess(['decrypt', '--passphrase-file', file('pass.txt'), file('age-p.age'), '-o', file('age-p.out')]);
    expect(sha(readFileSync(file('age-p.out')))).toBe(sha(data));
  });
});

describe('damaged files are refused by Lifeboat and by age alike', () => {
  const data = randomBytes(4 * CHUNK_SIZE + 500);
  let encrypted: Buffer = Buffer.alloc(0);
  let start = 0; // first payload chunk
  const keys = generateIdentity();
  const identity = keys.identity;
  const other = 'AGE-SECRET-KEY-1QYPQXPQ9QCRSSZG2PVXQ6RS0ZQG3YYC5Z5TPWXQERGD3C8G7RUSQGPQYEE';

  const flip = (offset: number) => {
    const copy = Buffer.from(encrypted);
    copy[offset]! ^= 0x80;
    return copy;
  };
  /** Changes one base64 character of the header to another valid one, so only authentication can notice. */
  const alterChar = (offset: number) => {
    const copy = Buffer.from(encrypted);
    copy[offset] = copy[offset] === 0x41 ? 0x42 : 0x41;
    return copy;
  };
  const chunk = (i: number) => encrypted.subarray(start + i * SEALED_CHUNK_SIZE, start + (i + 1) * SEALED_CHUNK_SIZE);

  const cases: [string, () => Buffer, RegExp, number][] = [
    ['an altered header byte (MAC)', () => alterChar(encrypted.indexOf('\n--- ') + 8), /header failed authentication/, 0],
    ['a flipped payload byte', () => flip(start + 2 * SEALED_CHUNK_SIZE + 100), /chunk 3 failed authentication/, 2],
    ['truncation at a chunk boundary', () => encrypted.subarray(0, start + 4 * SEALED_CHUNK_SIZE), /without its final chunk/, 3],
    ['truncation inside a chunk', () => encrypted.subarray(0, start + 2 * SEALED_CHUNK_SIZE + 5000), /chunk 3 failed authentication/, 2],
    ['two swapped chunks', () => Buffer.concat([encrypted.subarray(0, start + SEALED_CHUNK_SIZE), chunk(2), chunk(1), encrypted.subarray(start + 3 * SEALED_CHUNK_SIZE)]), /chunk 2 failed authentication/, 1],
  ];

  beforeAll(async () => {
    writeFileSync(file('tamper-id.txt'), formatIdentityFile(keys, new Date()));
    encrypted = await encrypt(data, { recipients: [keys.recipient] });
    start = encrypted.indexOf('\n', encrypted.indexOf('\n--- ') + 1) + 1 + 16;
  });

  it.each(cases)('%s', async (_name, damage, message, goodChunks) => {
    const damaged = damage();
    const { output, error } = await decrypt(damaged, { identities: [identity] });
    expect(error?.message).toMatch(message);
    expect(output.equals(data.subarray(0, goodChunks * CHUNK_SIZE))).toBe(true); // only authenticated chunks
    writeFileSync(file('damaged.age'), damaged);
    const age = await run('age', ['-d', '-i', file('tamper-id.txt'), '-o', file('damaged.out'), file('damaged.age')]);
    expect(age.code).not.toBe(0);
  });

  it('a wrong identity: a clear error, no output file left', async () => {
    writeFileSync(file('other.txt'), `${other}\n`);
    writeFileSync(file('good.age'), encrypted);
    const attempt = lifeboatInProcess(['decrypt', '-i', file('other.txt'), file('good.age'), '-o', file('wrong.out')]);
    await expect(attempt).rejects.toThrow(/^None of the given identities can decrypt this backup/);
    expect(existsSync(file('wrong.out'))).toBe(false);
    expect(existsSync(file('wrong.out.partial'))).toBe(false);
  });

  it('a damaged file through the CLI: exit 1, nothing left at the output path', async () => {
    writeFileSync(file('cut.age'), encrypted.subarray(0, start + 4 * SEALED_CHUNK_SIZE));
    const result = await lifeboat(['decrypt', '-i', file('tamper-id.txt'), file('cut.age'), '-o', file('cut.out')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^lifeboat: Backup is damaged or was altered: the file ends after chunk 4 without its final chunk \(truncated\)\n$/);
    expect(existsSync(file('cut.out'))).toBe(false);
  });

  it('a wrong passphrase, for Lifeboat and for age', async () => {
    const secret = await encrypt(data.subarray(0, 1000), { passphrase: 'right one', scryptWorkFactor: 12 });
    const { output, error } = await decrypt(secret, { passphrase: 'wrong one' });
    expect(error?.message).toMatch(/Wrong passphrase/);
    expect(output.length).toBe(0);
    writeFileSync(file('secret.age'), secret);
    const age = await ageWithTty('decrypt', file('secret.age'), file('secret.out'), 'wrong one\n');
    expect(age.code).not.toBe(0);
  });
});
