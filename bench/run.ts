/**
 * `npm run bench [pipeline|restore|age|s3...]` (default: all): Lifeboat against the bare tools on the same data.
 * LIFEBOAT_BENCH_MB (default 1024) sizes the PostgreSQL database and, unless LIFEBOAT_BENCH_MARIADB_MB says otherwise, the MariaDB one.
 * LIFEBOAT_BENCH_RUNS (default 7) interleaved runs per case, after one unmeasured warm-up round; AGE_BENCH_MB for the encryption bench.
 * The bench databases (lifeboat_bench) are kept between runs and re-created only when their size no longer
 * matches LIFEBOAT_BENCH_MB; LIFEBOAT_BENCH_DROP=1 drops them at the end.
 */
import { loadavg } from 'node:os';
import { run as runAgeBench } from './age.bench.js';
import { printTable } from './measure.js';
import { runPipelineBench } from './pipeline.bench.js';
import { runRestoreBench } from './restore.bench.js';
import { runS3Bench } from './s3.bench.js';
import { dropBenchDatabases, mariadbBenchMegabytes, seedMariadb, seedPostgres } from './seed.js';

const megabytes = Number(process.env.LIFEBOAT_BENCH_MB ?? 1024);
const runs = Number(process.env.LIFEBOAT_BENCH_RUNS ?? 7);
const sections = process.argv.slice(2);
const wanted = (section: string) => sections.length === 0 || sections.includes(section);
const load = () => `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;

if (wanted('pipeline')) {
  console.log(`Seeding benchmark databases (PostgreSQL ~${megabytes} MB, MariaDB ~${mariadbBenchMegabytes(megabytes)} MB)...`);
  await seedPostgres(megabytes);
  await seedMariadb(mariadbBenchMegabytes(megabytes));
  console.log(`Measuring (${load()})...`);
  const rows = await runPipelineBench(runs);
  printTable(`lifeboat backup vs dump | zstd -3 -T0 > file, median of ${runs} interleaved runs (ratio: of the medians; paired_ratio: median of each pair's), CPU of the tools and the CLI (${load()})`, rows);
}
if (wanted('restore')) printTable(`lifeboat restore vs zstd -d < file | pg_restore / mariadb, median of ${runs} interleaved runs (ratio: of the medians; paired_ratio: median of each pair's; target <= 1.05; ${load()})`, await runRestoreBench(runs, megabytes));
if (wanted('age')) printTable('age encryption (MB/s; target >= 500)', (await runAgeBench({ runs: Math.min(runs, 3), print: false })) as never);
if (wanted('s3')) printTable('S3 multipart upload to s3rver on loopback vs a plain copy of the same file (S3_BENCH_MB, default 256)', await runS3Bench({ runs: Math.min(runs, 3) }));
if (process.env.LIFEBOAT_BENCH_DROP === '1') await dropBenchDatabases();
