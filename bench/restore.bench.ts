import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { pgRestoreArgs } from '../src/adapters/sources/postgres/postgres.args.js';
import { spawnTool } from '../src/lib/spawn.js';
import { comparison, printTable, runMeasured, timedWithCpu, type ComparisonRow, type Run } from './measure.js';
import { MARIADB_BENCH_DB, PG_BENCH_DB, mariadbBenchMegabytes, seedMariadb, seedPostgres } from './seed.js';

/**
 * The built CLI (`npm run build` first), as an installation runs it; not bin/lifeboat.cjs, which switches to
 * on-the-fly TypeScript whenever a source file is newer than the build and would add its compile time.
 */
const BIN = path.resolve('dist/main/start.cjs');
const TARGET = 'lifeboat_bench_restore';

export type RestoreRow = ComparisonRow;

interface RestoreCase {
  name: string;
  source: string;
  target: string;
  /** The bare tool reading the decompressed dump on stdin, with the arguments Lifeboat gives it. */
  tool: [string, string[]];
  recreate(): Promise<unknown>;
  drop(): Promise<unknown>;
}

const CASES: RestoreCase[] = [
  {
    name: 'PostgreSQL (zstd -d | pg_restore --single-transaction)',
    source: `postgres://postgres@127.0.0.1:5432/${PG_BENCH_DB}`,
    target: 'postgres://postgres@127.0.0.1:5432/postgres',
    tool: ['pg_restore', ['--host=127.0.0.1', '--username=postgres', ...pgRestoreArgs(TARGET, {})]],
    recreate: () => withPg(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${TARGET} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${TARGET}`);
    }),
    drop: () => withPg((c) => c.query(`DROP DATABASE IF EXISTS ${TARGET} WITH (FORCE)`)),
  },
  {
    name: 'MariaDB (zstd -d | mariadb)',
    source: `mysql://root@127.0.0.1:3306/${MARIADB_BENCH_DB}`,
    target: 'mysql://root@127.0.0.1:3306/',
    tool: ['mariadb', ['--host=127.0.0.1', '--user=root', '--default-character-set=utf8mb4', '--max-allowed-packet=1G', '--batch', `--database=${TARGET}`]],
    recreate: () => withMariadb((c) => c.query(`DROP DATABASE IF EXISTS ${TARGET}; CREATE DATABASE ${TARGET} CHARACTER SET utf8mb4`)),
    drop: () => withMariadb((c) => c.query(`DROP DATABASE IF EXISTS ${TARGET}`)),
  },
];

/** `zstd -d < file | tool`: two processes joined by an OS pipe, the bar for Lifeboat's restore. */
async function bare(file: string, tool: [string, string[]]): Promise<void> {
  const zstd = spawnTool('zstd', ['-d', '-c', '-q', file], { stdout: 'pipe' });
  const restore = spawnTool(tool[0], tool[1], { stdin: zstd.child.stdout!, stdout: 'ignore' });
  zstd.child.stdout!.destroy();
  await Promise.all([zstd.done, restore.done]);
}

/**
 * `lifeboat restore` (read the sidecar, verify sha256 while streaming, decompress, restore) against the bare
 * `zstd -d < file | pg_restore` / `| mariadb` with the same arguments, into a fresh database each run, interleaved.
 * Each case backs the bench database (seed.ts, PostgreSQL ~`megabytes`, MariaDB as `mariadbBenchMegabytes` says) up once with `lifeboat backup` first.
 */
export async function runRestoreBench(runs: number, megabytes: number): Promise<RestoreRow[]> {
  await seedPostgres(megabytes);
  await seedMariadb(mariadbBenchMegabytes(megabytes));
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-restore-bench-'));
  const rows: RestoreRow[] = [];
  try {
    for (const c of CASES) {
      const backup = await runJson<{ key: string }>([BIN, 'backup', '--source', c.source, '--to', dir, '--compress', 'zstd:3', '--json']);
      const file = path.join(dir, backup.key);
      const bareRuns: Run[] = [];
      const ours: (Run & { peakRssMb: number })[] = [];
      // Round -1 warms caches for both sides and is not counted.
      for (let i = -1; i < runs; i++) {
        await c.recreate();
        const bareRun = await timedWithCpu(() => bare(file, c.tool));
        await c.recreate();
        const ourRun = await runMeasured(process.execPath, [BIN, 'restore', '--from', dir, '--key', backup.key, '--target', c.target, '--database', TARGET, '--json']);
        if (i < 0) continue;
        bareRuns.push(bareRun);
        ours.push(ourRun);
      }
      await c.drop();
      rows.push(comparison(c.name, bareRuns, ours));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Runs a Node script and parses what it printed as JSON. */
async function runJson<T>(args: string[]): Promise<T> {
  const tool = spawnTool(process.execPath, args, { stdout: 'pipe' });
  const chunks: Buffer[] = [];
  for await (const chunk of tool.child.stdout!) chunks.push(chunk as Buffer);
  await tool.done;
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
}

async function withPg<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withMariadb<T>(work: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', multipleStatements: true });
  try {
    return await work(conn);
  } finally {
    await conn.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [megabytes, runs] = [Number(process.argv[2] ?? 1024), Number(process.argv[3] ?? 3)];
  printTable(`Restore, median of ${runs} interleaved runs (target: ratio <= 1.05)`, await runRestoreBench(runs, megabytes));
}
