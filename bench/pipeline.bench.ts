import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnTool } from '../src/lib/spawn.js';
import { median, runMeasured, timed } from './measure.js';
import { MARIADB_BENCH_DB, PG_BENCH_DB } from './seed.js';

const BIN = path.resolve('bin/lifeboat.js');

export interface PipelineRow extends Record<string, string | number> {
  case: string;
  bare_s: number;
  lifeboat_s: number;
  ratio: number;
  lifeboat_peak_rss_mb: number;
}

/** Two tools connected by an OS pipe, output to a file: the bar Lifeboat's pipeline should match. */
async function bare(dump: [string, string[]], file: string): Promise<void> {
  const dumper = spawnTool(dump[0], dump[1], { stdout: 'pipe' });
  const zstd = spawnTool('zstd', ['-3', '-T0', '-q', '-f', '-o', file], { stdin: dumper.child.stdout!, stdout: 'ignore' });
  dumper.child.stdout!.destroy();
  await Promise.all([dumper.done, zstd.done]);
}

/**
 * `lifeboat backup` against the bare `dump | zstd -3 -T0 > file`, same format and level, interleaved runs.
 * Also writes the same dump to 3 destinations at once against 1 (the fan-out ratio).
 */
export async function runPipelineBench(runs: number): Promise<PipelineRow[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-bench-'));
  const cases = [
    { name: 'PostgreSQL (pg_dump -Fc -Z0)', dump: ['pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '-Fc', '-Z0', PG_BENCH_DB]] as [string, string[]], source: `postgres://postgres@127.0.0.1:5432/${PG_BENCH_DB}` },
    { name: 'MariaDB (mariadb-dump)', dump: ['mariadb-dump', ['-h', '127.0.0.1', '-u', 'root', '--single-transaction', '--quick', '--routines', '--triggers', '--events', '--hex-blob', '--default-character-set=utf8mb4', MARIADB_BENCH_DB]] as [string, string[]], source: `mysql://root@127.0.0.1:3306/${MARIADB_BENCH_DB}` },
  ];
  const rows: PipelineRow[] = [];
  try {
    for (const c of cases) {
      const bareTimes: number[] = [];
      const ours: { seconds: number; peakRssMb: number }[] = [];
      const fanOut3: number[] = [];
      for (let i = 0; i < runs; i++) {
        bareTimes.push(await timed(() => bare(c.dump, path.join(dir, 'bare.zst'))));
        const out = path.join(dir, `run-${i}`);
        ours.push(await runMeasured(process.execPath, [BIN, 'backup', '--source', c.source, '--to', out, '--compress', 'zstd:3', '--json']));
        await rm(out, { recursive: true, force: true });
        if (c.name.startsWith('PostgreSQL')) {
          const targets = ['a', 'b', 'c'].flatMap((t) => ['--to', path.join(dir, `fan-${i}-${t}`)]);
          fanOut3.push((await runMeasured(process.execPath, [BIN, 'backup', '--source', c.source, ...targets, '--compress', 'zstd:3', '--json'])).seconds);
          for (const entry of await readdir(dir)) if (entry.startsWith('fan-')) await rm(path.join(dir, entry), { recursive: true, force: true });
        }
      }
      const oursMedian = median(ours.map((o) => o.seconds));
      rows.push({ case: c.name, bare_s: round(median(bareTimes)), lifeboat_s: round(oursMedian), ratio: round(oursMedian / median(bareTimes)), lifeboat_peak_rss_mb: Math.max(...ours.map((o) => o.peakRssMb)) });
      if (fanOut3.length) rows.push({ case: 'PostgreSQL, 3 local destinations vs 1', bare_s: round(oursMedian), lifeboat_s: round(median(fanOut3)), ratio: round(median(fanOut3) / oursMedian), lifeboat_peak_rss_mb: 0 });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

const round = (n: number) => Math.round(n * 100) / 100;
