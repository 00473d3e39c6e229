/**
 * S3 multipart upload (the S3 destination's put, 16 MiB parts) to s3rver on loopback against a plain copy of the
 * same file. Standalone: `npx tsx bench/s3.bench.ts [megabytes] [runs]` (default 256 MB, 3 interleaved runs;
 * S3_BENCH_MB / S3_BENCH_RUNS work too). Each upload or copy runs in a Node process of its own that reports its
 * wall time and peak RSS, so the figures leave out the server (s3rver runs in the bench process).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { composeDestination } from '../src/adapters/destinations/compose.js';
import { s3DestinationPlugin } from '../src/adapters/destinations/s3/s3.plugin.js';
import { silentLogger } from '../src/lib/logger.js';
import { spawnTool } from '../src/lib/spawn.js';
import { startS3Server } from '../test/support/servers/s3.js';
import { median, printTable, runMeasured } from './measure.js';

export interface S3BenchRow extends Record<string, string | number> {
  case: string;
  megabytes: number;
  seconds: number;
  mb_per_s: number;
  /** Wall time against `cp` of the same file. */
  vs_cp: number;
  /** CPU seconds (user + system) the copy or upload took in its process: steadier than wall time on a busy machine. */
  cpu_s: number | string;
  /** '-' where the process ended before a sample was taken (`cp`). */
  peak_rss_mb: number | string;
}

interface Measured {
  seconds: number;
  peakRssMb: number;
  cpuSeconds?: number;
}

const MiB = 1024 * 1024;
const SELF = fileURLToPath(import.meta.url);
/** The child reads the destination settings here: they hold credentials, which never go on a command line. */
const CONFIG_ENV = 'LIFEBOAT_BENCH_S3_CONFIG';

export async function runS3Bench(options: { megabytes?: number; runs?: number } = {}): Promise<S3BenchRow[]> {
  const megabytes = options.megabytes ?? Number(process.env.S3_BENCH_MB ?? 256);
  const runs = options.runs ?? Number(process.env.S3_BENCH_RUNS ?? 3);
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-s3-bench-'));
  const server = await startS3Server();
  const config = {
    endpoint: server.endpoint, region: server.region, bucket: server.bucket, forcePathStyle: true,
    accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, partSizeMiB: 16,
  };
  const bucket = await composeDestination(s3DestinationPlugin, config, { logger: silentLogger });
  try {
    const source = path.join(dir, 'source.bin');
    await writeRandomFile(source, megabytes);
    const copy = path.join(dir, 'copy.bin');
    const cases: Record<string, () => Promise<Measured>> = {
      'cp file -> file': () => runMeasured('cp', [source, copy]),
      'node stream copy file -> file': () => child(['copy', source, copy]),
      'S3 put, multipart 16 MiB parts -> s3rver': async () => {
        const measured = await child(['upload', source, 'bench/object.bin'], { [CONFIG_ENV]: JSON.stringify(config) });
        await bucket.delete('bench/object.bin');
        return measured;
      },
    };
    const results = new Map<string, Measured[]>(Object.keys(cases).map((name) => [name, []]));
    for (let round = 0; round < runs; round++) {
      // Interleaved so drift in machine load hits every case alike.
      for (const [name, run] of Object.entries(cases)) {
        results.get(name)!.push(await run());
        await rm(copy, { force: true });
      }
    }
    const cpSeconds = median(results.get('cp file -> file')!.map((r) => r.seconds));
    return [...results].map(([name, list]) => {
      const seconds = median(list.map((r) => r.seconds));
      return {
        case: name, megabytes, seconds: round(seconds), mb_per_s: round((megabytes * MiB) / 1e6 / seconds),
        vs_cp: round(seconds / cpSeconds), cpu_s: list[0]?.cpuSeconds === undefined ? '-' : round(median(list.map((r) => r.cpuSeconds!))),
        peak_rss_mb: Math.max(...list.map((r) => r.peakRssMb)) || '-',
      };
    });
  } finally {
    await bucket.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs one case in a fresh Node process (this file with `child`), which prints its own measurement as JSON. */
async function child(args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const tool = spawnTool(process.execPath, ['--import', 'tsx', SELF, 'child', ...args], { env, stdout: 'pipe' });
  let output = '';
  tool.child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  await tool.done;
  return JSON.parse(output) as Measured;
}

/** The child's side: one copy or one upload, timed (wall and CPU) from the first byte read to the last byte stored. */
async function runChild([mode, source, target]: string[]): Promise<void> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  if (mode === 'copy') {
    await pipeline(createReadStream(source!), createWriteStream(target!));
  } else {
    const destination = await composeDestination(s3DestinationPlugin, JSON.parse(process.env[CONFIG_ENV]!), { logger: silentLogger });
    await destination.put(target!, createReadStream(source!));
    await destination.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const measured: Measured = { seconds, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  process.stdout.write(JSON.stringify(measured));
}

/** Incompressible bytes, so no layer can take a shortcut. */
async function writeRandomFile(file: string, megabytes: number): Promise<void> {
  async function* blocks() {
    for (let i = 0; i < megabytes; i++) yield randomBytes(MiB);
  }
  await pipeline(blocks, createWriteStream(file));
}

const round = (value: number) => Math.round(value * 100) / 100;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === 'child') {
    await runChild(process.argv.slice(3));
  } else {
    const [megabytes, runs] = process.argv.slice(2).map(Number);
    const rows = await runS3Bench({ megabytes: megabytes || undefined, runs: runs || undefined });
    printTable('S3 multipart upload to s3rver on loopback vs a plain copy of the same file', rows);
  }
}
