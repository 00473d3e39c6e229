/**
 * `npm run bench`: Lifeboat's pipeline against the bare tools on the same data, printed as ratios.
 * LIFEBOAT_BENCH_MB (default 1024) sizes the PostgreSQL database; MariaDB gets a quarter of it.
 * LIFEBOAT_BENCH_RUNS (default 5) interleaved runs per case; AGE_BENCH_MB for the encryption bench.
 * The bench databases (lifeboat_bench) are kept between runs for speed; LIFEBOAT_BENCH_DROP=1 drops them.
 */
import { run as runAgeBench } from './age.bench.js';
import { printTable } from './measure.js';
import { runPipelineBench } from './pipeline.bench.js';
import { runRestoreBench } from './restore.bench.js';
import { runS3Bench } from './s3.bench.js';
import { dropBenchDatabases, seedMariadb, seedPostgres } from './seed.js';

const megabytes = Number(process.env.LIFEBOAT_BENCH_MB ?? 1024);
const runs = Number(process.env.LIFEBOAT_BENCH_RUNS ?? 5);

console.log(`Seeding benchmark databases (PostgreSQL ~${megabytes} MB, MariaDB ~${Math.round(megabytes / 4)} MB)...`);
await seedPostgres(megabytes);
await seedMariadb(Math.round(megabytes / 4));
printTable(`Backup pipeline, median of ${runs} interleaved runs (target: ratio <= 1.05, peak RSS <= 150 MB; fan-out ratio <= 1.15)`, await runPipelineBench(runs));
printTable(`lifeboat restore vs zstd -d < file | pg_restore / mariadb, median of ${runs} interleaved runs (target: ratio <= 1.05)`, await runRestoreBench(runs, megabytes));
printTable('age encryption (MB/s; target >= 500)', (await runAgeBench({ runs: Math.min(runs, 3), print: false })) as never);
printTable('S3 multipart upload to s3rver on loopback vs a plain copy of the same file (S3_BENCH_MB, default 256)', await runS3Bench({ runs: Math.min(runs, 3) }));
if (process.env.LIFEBOAT_BENCH_DROP === '1') await dropBenchDatabases();
