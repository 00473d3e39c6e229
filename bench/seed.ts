import pg from 'pg';
import mysql from 'mysql2/promise';
import { spawnTool } from '../src/lib/spawn.js';

export const PG_BENCH_DB = 'lifeboat_bench';
export const MARIADB_BENCH_DB = 'lifeboat_bench';
/** A database without tables: a backup of it is Lifeboat's fixed cost, start and finish. */
export const PG_EMPTY_BENCH_DB = 'lifeboat_bench_empty';
const PG_URL = process.env.LIFEBOAT_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A PostgreSQL database of about `megabytes` on disk: pgbench's tables plus a table of text and JSON,
 * created once and reused while its size matches (creating 1 GB takes a minute or two).
 */
export async function seedPostgres(megabytes: number): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const empty = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_EMPTY_BENCH_DB]);
    if (empty.rowCount === 0) await admin.query(`CREATE DATABASE ${PG_EMPTY_BENCH_DB}`);
    const exists = await admin.query<{ size: string }>('SELECT pg_database_size($1)::text AS size FROM pg_database WHERE datname = $1', [PG_BENCH_DB]);
    const size = Number(exists.rows[0]?.size ?? 0) / 1024 / 1024;
    if (size > megabytes * 0.8 && size < megabytes * 1.3) return;
    await admin.query(`DROP DATABASE IF EXISTS ${PG_BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_BENCH_DB}`);
  } finally {
    await admin.end();
  }
  // pgbench scale 1 is about 15 MB; half the size from pgbench, half from text/JSON documents.
  const scale = Math.max(1, Math.round(megabytes / 2 / 15));
  const url = new URL(PG_URL);
  await spawnTool('pgbench', ['-i', '-q', '-s', String(scale), '-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', PG_BENCH_DB], { packageHint: 'postgresql-contrib' }).done;
  const client = new pg.Client({ connectionString: `${PG_URL.replace(/\/[^/]*$/, '')}/${PG_BENCH_DB}` });
  await client.connect();
  try {
    const rows = Math.round((megabytes / 2) * 1024 * 1024 / 600);
    await client.query(`CREATE TABLE documents (id bigint PRIMARY KEY, title text, body text, doc jsonb, created timestamptz)`);
    await client.query(
      `INSERT INTO documents SELECT g, 'Document ' || g, repeat(md5(g::text), 8), jsonb_build_object('id', g, 'tags', jsonb_build_array(md5((g*7)::text), g % 97), 'score', (g % 1000) / 10.0), now() - (g || ' seconds')::interval FROM generate_series(1, $1) g`,
      [rows],
    );
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/** The MariaDB bench size: LIFEBOAT_BENCH_MARIADB_MB, else the PostgreSQL one (a small dump measures start-up, not streaming). */
export function mariadbBenchMegabytes(megabytes: number): number {
  return Number(process.env.LIFEBOAT_BENCH_MARIADB_MB ?? megabytes);
}

/** A MariaDB database of about `megabytes`: one wide table of text and JSON. */
export async function seedMariadb(megabytes: number): Promise<void> {
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', multipleStatements: true });
  try {
    const [rows] = await conn.query(
      `SELECT COALESCE(SUM(data_length + index_length), 0) AS size FROM information_schema.tables WHERE table_schema = ?`,
      [MARIADB_BENCH_DB],
    );
    const size = Number((rows as { size: string }[])[0]?.size ?? 0) / 1024 / 1024;
    if (size > megabytes * 0.7 && size < megabytes * 1.5) return;
    await conn.query(`DROP DATABASE IF EXISTS ${MARIADB_BENCH_DB}; CREATE DATABASE ${MARIADB_BENCH_DB} CHARACTER SET utf8mb4; USE ${MARIADB_BENCH_DB};`);
    await conn.query(`CREATE TABLE documents (id BIGINT PRIMARY KEY, title VARCHAR(200), body TEXT, doc JSON, created DATETIME(6)) ENGINE=InnoDB`);
    const total = Math.round((megabytes * 1024 * 1024) / 400);
    for (let start = 1; start <= total; start += 50_000) {
      const end = Math.min(total, start + 49_999);
      await conn.query(
        `INSERT INTO documents SELECT seq, CONCAT('Document ', seq), REPEAT(MD5(seq), 6), JSON_OBJECT('id', seq, 'tag', MD5(seq * 7), 'score', seq % 1000), NOW(6) FROM seq_${start}_to_${end}`,
      );
    }
  } finally {
    await conn.end();
  }
}

export async function dropBenchDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    for (const name of [PG_BENCH_DB, PG_EMPTY_BENCH_DB]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const conn = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await conn.query(`DROP DATABASE IF EXISTS ${MARIADB_BENCH_DB}`).finally(() => conn.end());
}
