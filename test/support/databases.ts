import { randomBytes } from 'node:crypto';
import pg from 'pg';
import mysql from 'mysql2/promise';

/**
 * Scratch databases on the machine's servers, named `lifeboat_test_<epoch>_<random>` so a crashed run's
 * leftovers can be recognised and dropped by the global set-up (never another run's live ones).
 */
export const PG_ADMIN_URL = process.env.LIFEBOAT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MARIADB_ADMIN = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
export const SCRATCH_PREFIX = 'lifeboat_test_';

export function scratchName(): string {
  return `${SCRATCH_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

export function pgUrl(database: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPgAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A fresh PostgreSQL database; call `drop()` in afterAll/afterEach. */
export async function createScratchPostgres(name = scratchName()) {
  await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: pgUrl(name),
    drop: () => dropPostgres(name),
  };
}

export async function dropPostgres(name: string): Promise<void> {
  await withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`));
}

export async function withMariadb<T>(use: (conn: mysql.Connection) => Promise<T>, database?: string): Promise<T> {
  const conn = await mysql.createConnection({ ...MARIADB_ADMIN, database, multipleStatements: true });
  try {
    return await use(conn);
  } finally {
    await conn.end();
  }
}

/** A fresh MariaDB database; call `drop()` afterwards. */
export async function createScratchMariadb(name = scratchName()) {
  await withMariadb((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
  return { name, drop: () => dropMariadb(name) };
}

export async function dropMariadb(name: string): Promise<void> {
  await withMariadb((c) => c.query(`DROP DATABASE IF EXISTS \`${name.replaceAll('`', '``')}\``));
}

/** Drops scratch databases older than an hour: what a crashed run left behind. */
export async function dropStaleScratchDatabases(): Promise<void> {
  const cutoff = Math.floor(Date.now() / 1000) - 3600;
  const stale = (name: string) => {
    const epoch = Number(name.slice(SCRATCH_PREFIX.length).split('_')[0]);
    return Number.isFinite(epoch) && epoch < cutoff;
  };
  const pgNames = await withPgAdmin(async (c) =>
    (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_test\\_%'`)).rows.map((r) => r.datname),
  );
  for (const name of pgNames.filter(stale)) await dropPostgres(name);
  const myNames = await withMariadb(async (c) => {
    const [rows] = await c.query(`SHOW DATABASES LIKE 'lifeboat\\_test\\_%'`);
    return (rows as Record<string, string>[]).map((r) => Object.values(r)[0] as string);
  });
  for (const name of myNames.filter(stale)) await dropMariadb(name);
}
