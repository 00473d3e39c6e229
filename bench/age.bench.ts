/**
 * age encryption throughput: Lifeboat's encrypt/decrypt stages against Debian's `age` on the same file.
 * Target (issue: encryption must never be the bottleneck): >= 500 MB/s for encrypt and for decrypt.
 * Standalone: `npx tsx bench/age.bench.ts [megabytes] [runs]` (default 512 MB, 5 interleaved runs;
 * AGE_BENCH_MB / AGE_BENCH_RUNS work too). MB/s is plaintext bytes / 1e6 / seconds, median of the runs.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { spawnTool } from '../src/lib/spawn.js';
import { printTable } from './measure.js';
import { WORKER_COUNT } from '../src/pipeline/stages/age/chunk-workers.js';
import { createDecryptStage } from '../src/pipeline/stages/decrypt.js';
import { createEncryptStage, formatIdentityFile, generateIdentity } from '../src/pipeline/stages/encrypt.js';

/** One case, ready for printTable: every row has every column. */
export interface AgeBenchRow {
  case: string;
  seconds: number;
  'MB/s': number;
  /** Throughput per CPU second (all threads, plus the child it waited for): steadier than wall time on a busy machine. */
  'MB/cpu-s': number;
  /** For Lifeboat's rows: whether the median reaches TARGET_MB_PER_SECOND. */
  target: '' | 'ok' | 'BELOW';
  /** Throughput divided by `age`'s for the same operation on the same file, for the file -> file rows. */
  'vs age': string;
}

export const TARGET_MB_PER_SECOND = 500;

const BLOCK = 1024 * 1024;

export async function run(options: { megabytes?: number; runs?: number; print?: boolean } = {}): Promise<AgeBenchRow[]> {
  const megabytes = options.megabytes ?? Number(process.env.AGE_BENCH_MB ?? 512);
  const runs = options.runs ?? Number(process.env.AGE_BENCH_RUNS ?? 5);
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-age-bench-'));
  try {
    const files = await prepare(dir, megabytes);
    const bytes = megabytes * BLOCK;
    const decrypt = () => createDecryptStage({ identities: [files.identity] });
    const cases: Record<string, () => Promise<void>> = {
      'node:crypto chacha20-poly1305, 1 thread': async () => rawChacha(files.block, megabytes),
      'lifeboat encrypt, memory -> null': () => pipeline(memorySource(files.block, megabytes), files.encrypt.transform(), nullSink()),
      'lifeboat encrypt, file -> file': () => pipeline(fileSource(files.plain), files.encrypt.transform(), fileSink(files.ours)),
      'age -e -r, file -> file': () => tool('age', ['-r', files.recipient, '-o', files.theirs, files.plain]),
      'lifeboat decrypt, memory -> null': () => pipeline(bufferSource(files.encrypted), decrypt(), nullSink()),
      'lifeboat decrypt, file -> file': () => pipeline(fileSource(files.ours), decrypt(), fileSink(files.decrypted)),
      'age -d -i, file -> file': () => tool('age', ['-d', '-i', files.identityFile, '-o', files.decrypted, files.ours]),
    };
    const timings = new Map<string, Timing[]>(Object.keys(cases).map((name) => [name, []]));
    for (let round = 0; round < runs; round++) {
      // Interleaved so drift in machine load hits every case alike.
      for (const [name, fn] of Object.entries(cases)) timings.get(name)!.push(await time(fn));
    }
    const rows = [...timings].map(([name, list]) => row(name, bytes, list));
    relate(rows, 'lifeboat encrypt, file -> file', 'age -e -r, file -> file');
    relate(rows, 'lifeboat decrypt, file -> file', 'age -d -i, file -> file');
    if (options.print ?? true) printRows(rows, megabytes, runs);
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function prepare(dir: string, megabytes: number) {
  const generated = generateIdentity();
  const identityFile = path.join(dir, 'identity.txt');
  await writeFile(identityFile, formatIdentityFile(generated, new Date()), { mode: 0o600 });
  const block = randomBytes(BLOCK);
  const plain = path.join(dir, 'plain.bin');
  const handle = await open(plain, 'w');
  for (let i = 0; i < megabytes; i++) await handle.write(block);
  await handle.close();
  const encrypt = createEncryptStage({ recipients: [generated.recipient] });
  const ours = path.join(dir, 'lifeboat.age');
  await pipeline(fileSource(plain), encrypt.transform(), fileSink(ours));
  return {
    block,
    plain,
    /** The encrypted file, held in memory for the decrypt-from-memory case. */
    encrypted: await readFile(ours),
    identityFile,
    identity: generated.identity,
    recipient: generated.recipient,
    encrypt,
    ours,
    theirs: path.join(dir, 'age.age'),
    decrypted: path.join(dir, 'decrypted.bin'),
  };
}

/** The ceiling: the AEAD itself over 64 KiB chunks, no streams, no framing. */
function rawChacha(block: Buffer, megabytes: number): void {
  const key = randomBytes(32);
  const nonce = Buffer.alloc(12);
  const perBlock = BLOCK / 65536;
  for (let i = 0; i < megabytes * perBlock; i++) {
    nonce.writeUIntBE(i, 5, 6);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    const offset = (i % perBlock) * 65536;
    cipher.update(block.subarray(offset, offset + 65536));
    cipher.final();
    cipher.getAuthTag();
  }
}

function memorySource(block: Buffer, count: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? block : null);
    },
  });
}

/** The encrypted file from memory, in 1 MiB writes. */
function bufferSource(data: Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      this.push(offset < data.length ? data.subarray(offset, (offset += BLOCK)) : null);
    },
  });
}

/** 1 MiB reads and writes: the default 64 KiB / 16 KiB cost more in syscalls than the cipher saves. */
function fileSource(file: string): Readable {
  return createReadStream(file, { highWaterMark: BLOCK });
}

function fileSink(file: string): Writable {
  return createWriteStream(file, { highWaterMark: BLOCK });
}

function nullSink(): Writable {
  return new Writable({ write: (_chunk, _encoding, callback) => callback() });
}

async function tool(command: string, args: string[]): Promise<void> {
  await spawnTool(command, args, { stdout: 'ignore', packageHint: command }).done;
}

interface Timing {
  wall: number;
  cpu: number;
}

async function time(fn: () => Promise<void>): Promise<Timing> {
  const start = process.hrtime.bigint();
  const ownStart = process.cpuUsage();
  const childStart = childrenCpuSeconds();
  await fn();
  const own = process.cpuUsage(ownStart);
  const cpu = (own.user + own.system) / 1e6 + childrenCpuSeconds() - childStart;
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu };
}

/** CPU time of waited-for children (cutime + cstime in /proc/self/stat), for the `age` rows; 0 where /proc is missing. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function row(name: string, bytes: number, list: Timing[]): AgeBenchRow {
  const seconds = median(list.map((t) => t.wall));
  const mbPerSecond = Math.round(bytes / 1e6 / seconds);
  const target = !name.startsWith('lifeboat') ? '' : mbPerSecond >= TARGET_MB_PER_SECOND ? 'ok' : 'BELOW';
  const perCpu = Math.round(bytes / 1e6 / median(list.map((t) => t.cpu)));
  return { case: name, seconds: Number(seconds.toFixed(2)), 'MB/s': mbPerSecond, 'MB/cpu-s': perCpu, target, 'vs age': '' };
}

function relate(rows: AgeBenchRow[], ours: string, theirs: string): void {
  const a = rows.find((r) => r.case === ours)!;
  const b = rows.find((r) => r.case === theirs)!;
  a['vs age'] = `${(a['MB/s'] / b['MB/s']).toFixed(2)}x`;
}

function printRows(rows: AgeBenchRow[], megabytes: number, runs: number): void {
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  printTable(
    `age encryption: ${megabytes} MiB, median of ${runs} interleaved runs, MB/s = 10^6 plaintext bytes/s; target >= ${TARGET_MB_PER_SECOND} MB/s for Lifeboat's encrypt and decrypt`,
    rows as unknown as Record<string, string | number>[],
  );
  console.log(`chunks sealed/opened on ${WORKER_COUNT} worker thread(s); ${availableParallelism()} CPUs, load average ${load} (figures compare only on a quiet machine)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mb, runs] = process.argv.slice(2).map(Number);
  await run({ megabytes: mb || undefined, runs: runs || undefined });
}
