import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnTool } from '../src/lib/spawn.js';
import { comparison, runMeasured, timedWithCpu, type ComparisonRow, type Run } from './measure.js';
import { MARIADB_BENCH_DB, PG_BENCH_DB, PG_EMPTY_BENCH_DB } from './seed.js';

/**
 * The CLI as built by `npm run bench` (its setup step builds stale sources): the bundle, started with its code
 * cache as bin/lifeboat.cjs starts it (the warm-up round writes the cache), but directly: bin/lifeboat.cjs would
 * switch to on-the-fly TypeScript when a source file changes mid-bench.
 */
const CLI = path.resolve('dist/main/start.cjs');
const NODE_FLOOR = path.resolve('bench/node-floor.cjs');
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
  /** The ratio it must keep; none for the empty database, whose row shows the fixed cost (extra_s). */
  target: number | null;
  /** Also measured with 3 local destinations against 1. */
  fanOut?: boolean;
  /** Also measured: a bare Node program that only spawns the bare tools (bench/node-floor.cjs). */
  nodeFloor?: boolean;
}

const pgDump = (database: string): [string, string[]] => ['pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '-Fc', '-Z0', database]];

const CASES: Case[] = [
  {
    name: 'PostgreSQL, empty database (start and finish)',
    dump: pgDump(PG_EMPTY_BENCH_DB),
    source: `postgres://postgres@127.0.0.1:5432/${PG_EMPTY_BENCH_DB}`,
    target: null,
    nodeFloor: true,
  },
  {
    name: 'PostgreSQL (pg_dump -Fc -Z0)',
    dump: pgDump(PG_BENCH_DB),
    source: `postgres://postgres@127.0.0.1:5432/${PG_BENCH_DB}`,
    target: TARGET_RATIO,
    fanOut: true,
  },
  {
    name: 'MariaDB (mariadb-dump)',
    dump: ['mariadb-dump', ['-h', '127.0.0.1', '-u', 'root', '--single-transaction', '--quick', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4', MARIADB_BENCH_DB]],
    source: `mysql://root@127.0.0.1:3306/${MARIADB_BENCH_DB}`,
    target: TARGET_RATIO,
  },
];

/** Two tools connected by an OS pipe, output to a file: the bar Lifeboat's pipeline should match. */
async function bare(dump: [string, string[]], file: string): Promise<void> {
  const dumper = spawnTool(dump[0], dump[1], { stdout: 'pipe' });
  const zstd = spawnTool('zstd', ['-3', '-T0', '-q', '-f', '-o', file], { stdin: dumper.child.stdout!, stdout: 'ignore' });
  dumper.child.stdout!.destroy();
  await Promise.all([dumper.done, zstd.done]);
}

/** The bare tools spawned by a fresh Node process that does nothing else: Node's own share of a run's fixed cost. */
async function nodeFloor(dump: [string, string[]], file: string) {
  const measured = await runMeasured(process.execPath, [NODE_FLOOR, file, dump[0], ...dump[1]]);
  await rm(file, { force: true });
  return measured;
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
 * `lifeboat backup` against the bare `dump | zstd -3 -T0 > file`, same format and level, interleaved runs after
 * one unmeasured warm-up round; wall and CPU seconds (of the tools and the CLI; the database server's own work
 * is in neither) are medians, and so is the ratio (measure.ts also prints the paired one), peak RSS the
 * highest seen. Also writes the PostgreSQL dump to 3 local destinations at once against 1, and backs up an empty
 * database: its extra seconds are the fixed cost in every other row, and a Node program that only spawns the bare
 * tools shows how much of that fixed cost is Node's own start.
 */
export async function runPipelineBench(runs: number): Promise<PipelineRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-bench-'));
  const rows: PipelineRow[] = [];
  try {
    for (const c of CASES) {
      const bareRuns: Run[] = [];
      const ours: (Run & { peakRssMb: number })[] = [];
      const fanOut: (Run & { peakRssMb: number })[] = [];
      const floor: (Run & { peakRssMb: number })[] = [];
      // Round -1 warms caches for every side and is not counted.
      for (let i = -1; i < runs; i++) {
        const bareRun = await timedWithCpu(() => bare(c.dump, path.join(dir, 'bare.zst')));
        await rm(path.join(dir, 'bare.zst'), { force: true });
        const ourRun = await lifeboatBackup(c.source, [path.join(dir, `run-${i}`)], path.join(dir, 'tmp'));
        const fanOutRun = c.fanOut
          ? await lifeboatBackup(c.source, ['a', 'b', 'c'].map((t) => path.join(dir, `fan-${i}-${t}`)), path.join(dir, 'tmp'))
          : undefined;
        const floorRun = c.nodeFloor ? await nodeFloor(c.dump, path.join(dir, 'floor.zst')) : undefined;
        if (i < 0) continue;
        bareRuns.push(bareRun);
        ours.push(ourRun);
        if (fanOutRun) fanOut.push(fanOutRun);
        if (floorRun) floor.push(floorRun);
      }
      rows.push(c.target === null ? fixedCost(c.name, bareRuns, ours) : compare(c.name, bareRuns, ours, c.target));
      if (floor.length > 0) {
        const row = comparison(`${c.name}: a Node program that only spawns the bare tools (lifeboat_ = it)`, bareRuns, floor);
        rows.push({ ...row, targets: `none: what starting Node and spawning from it cost, ${row.extra_s} s of the run above` });
      }
      if (fanOut.length > 0) {
        rows.push(compare('PostgreSQL, 3 local destinations vs 1 (bare_ = lifeboat with 1)', ours, fanOut, TARGET_FAN_OUT_RATIO));
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The empty database's row: no target of its own, it says how much of every run's extra_s is start and finish. */
function fixedCost(name: string, base: Run[], ours: (Run & { peakRssMb: number })[]): PipelineRow {
  const row = comparison(name, base, ours);
  return { ...row, targets: `none: the fixed cost of a run, ${row.extra_s} s` };
}

function compare(name: string, base: Run[], ours: (Run & { peakRssMb: number })[], targetRatio: number): PipelineRow {
  const row = comparison(name, base, ours);
  const met = row.ratio <= targetRatio && row.lifeboat_peak_rss_mb <= TARGET_PEAK_RSS_MB;
  const [low, high] = row.ratio_ci90.split('-').map(Number);
  const unsettled = low! <= targetRatio && targetRatio < high! ? '; the 90% interval spans the ratio target: more runs would settle it' : '';
  return { ...row, targets: `${met ? 'met' : 'MISSED'} (ratio <= ${targetRatio}, RSS <= ${TARGET_PEAK_RSS_MB} MB${unsettled})` };
}
