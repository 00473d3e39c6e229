import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnTool } from '../src/lib/spawn.js';
import { median, runMeasured, timedWithCpu, type ComparisonRow } from './measure.js';
import { MARIADB_BENCH_DB, PG_BENCH_DB } from './seed.js';

/**
 * The CLI as built by `npm run bench` (its setup step compiles stale sources), run directly rather than
 * through bin/lifeboat.js, which would switch to on-the-fly TypeScript when a source file changes mid-bench.
 */
const CLI = path.resolve('dist/main/cli.js');
const TARGET_RATIO = 1.05;
const TARGET_FAN_OUT_RATIO = 1.15;
const TARGET_PEAK_RSS_MB = 150;

export interface PipelineRow extends ComparisonRow {
  targets: string;
}

interface Case {
  name: string;
  dump: [string, string[]];
  source: string;
}

const CASES: Case[] = [
  {
    name: 'PostgreSQL (pg_dump -Fc -Z0)',
    dump: ['pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '-Fc', '-Z0', PG_BENCH_DB]],
    source: `postgres://postgres@127.0.0.1:5432/${PG_BENCH_DB}`,
  },
  {
    name: 'MariaDB (mariadb-dump)',
    dump: ['mariadb-dump', ['-h', '127.0.0.1', '-u', 'root', '--single-transaction', '--quick', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4', MARIADB_BENCH_DB]],
    source: `mysql://root@127.0.0.1:3306/${MARIADB_BENCH_DB}`,
  },
];

/** Two tools connected by an OS pipe, output to a file: the bar Lifeboat's pipeline should match. */
async function bare(dump: [string, string[]], file: string): Promise<void> {
  const dumper = spawnTool(dump[0], dump[1], { stdout: 'pipe' });
  const zstd = spawnTool('zstd', ['-3', '-T0', '-q', '-f', '-o', file], { stdin: dumper.child.stdout!, stdout: 'ignore' });
  dumper.child.stdout!.destroy();
  await Promise.all([dumper.done, zstd.done]);
}

/**
 * `lifeboat backup` of one source to `folders` (one per destination), with a private TMPDIR. Afterwards each
 * folder must hold exactly one artifact and its sidecar, and the TMPDIR nothing: a temporary file fails the bench.
 */
async function lifeboatBackup(source: string, folders: string[], tmp: string) {
  await mkdir(tmp, { recursive: true });
  const targets = folders.flatMap((folder) => ['--to', folder]);
  const measured = await runMeasured(process.execPath, [CLI, 'backup', '--source', source, ...targets, '--compress', 'zstd:3', '--json'], { TMPDIR: tmp });
  const leftovers = (await readdir(tmp)).map((name) => `${tmp}/${name}`);
  for (const folder of folders) {
    const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    const artifacts = files.filter((name) => !name.endsWith('.meta.json'));
    if (artifacts.length !== 1 || files.length !== 2 || !files.includes(`${artifacts[0]}.meta.json`)) leftovers.push(`${folder}: ${files.join(', ')}`);
    await rm(folder, { recursive: true, force: true });
  }
  if (leftovers.length > 0) throw new Error(`lifeboat backup left temporary or unexpected files: ${leftovers.join('; ')}`);
  return measured;
}

/**
 * `lifeboat backup` against the bare `dump | zstd -3 -T0 > file`, same format and level, interleaved runs;
 * wall and CPU seconds (of the tools and the CLI; the database server's own work is in neither) are medians,
 * peak RSS the highest seen. Also writes the PostgreSQL dump to 3 local destinations at once against 1.
 */
export async function runPipelineBench(runs: number): Promise<PipelineRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-bench-'));
  const rows: PipelineRow[] = [];
  try {
    for (const c of CASES) {
      const bareRuns: { seconds: number; cpuSeconds: number }[] = [];
      const ours: { seconds: number; cpuSeconds: number; peakRssMb: number }[] = [];
      const fanOut: { seconds: number; cpuSeconds: number; peakRssMb: number }[] = [];
      for (let i = 0; i < runs; i++) {
        bareRuns.push(await timedWithCpu(() => bare(c.dump, path.join(dir, 'bare.zst'))));
        await rm(path.join(dir, 'bare.zst'), { force: true });
        ours.push(await lifeboatBackup(c.source, [path.join(dir, `run-${i}`)], path.join(dir, 'tmp')));
        if (c.name.startsWith('PostgreSQL')) {
          fanOut.push(await lifeboatBackup(c.source, ['a', 'b', 'c'].map((t) => path.join(dir, `fan-${i}-${t}`)), path.join(dir, 'tmp')));
        }
      }
      const row = compare(c.name, bareRuns, ours, TARGET_RATIO);
      rows.push(row);
      if (fanOut.length > 0) {
        rows.push(compare('PostgreSQL, 3 local destinations vs 1 (bare_ = lifeboat with 1)', ours, fanOut, TARGET_FAN_OUT_RATIO));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

function compare(name: string, base: { seconds: number; cpuSeconds: number }[], ours: { seconds: number; cpuSeconds: number; peakRssMb: number }[], targetRatio: number): PipelineRow {
  const ratio = median(ours.map((o) => o.seconds)) / median(base.map((b) => b.seconds));
  const peak = Math.max(...ours.map((o) => o.peakRssMb));
  const met = ratio <= targetRatio && peak <= TARGET_PEAK_RSS_MB;
  return {
    case: name,
    bare_s: round(median(base.map((b) => b.seconds))),
    lifeboat_s: round(median(ours.map((o) => o.seconds))),
    ratio: round(ratio),
    bare_cpu_s: round(median(base.map((b) => b.cpuSeconds))),
    lifeboat_cpu_s: round(median(ours.map((o) => o.cpuSeconds))),
    lifeboat_peak_rss_mb: peak,
    targets: `${met ? 'met' : 'MISSED'} (ratio <= ${targetRatio}, RSS <= ${TARGET_PEAK_RSS_MB} MB)`,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
