import pg from 'pg';
import { silentLogger } from '../../src/lib/logger.js';
import { PostgresSource } from '../../src/adapters/sources/postgres/postgres.source.js';
import { parsePostgresUrl, type PostgresConfig } from '../../src/adapters/sources/postgres/postgres.config.js';
import type { Source } from '../../src/adapters/sources/types.js';
import type { SourceFixture } from './source-contract.js';
import { dropPostgres, PG_ADMIN_URL, scratchName, withPgAdmin } from './databases.js';

/** The machine's server as a source config (trust auth, no TLS). */
export const PG_CONFIG: PostgresConfig = { ...parsePostgresUrl(new URL(PG_ADMIN_URL)).config, sslmode: 'disable' };

export function pgSource(overrides: Partial<PostgresConfig> = {}): Source {
  return new PostgresSource({ ...PG_CONFIG, ...overrides }, { logger: silentLogger });
}

/**
 * A scratch name that a shell would misread: if any tool call went through a shell, `$(…)` would run
 * and the quotes would break the command. It keeps the scratch prefix so stale runs are cleaned up.
 */
export function hostileDatabaseName(): string {
  return `${scratchName()}_$(touch x);'" ünï`;
}

export async function withPgDatabase<T>(database: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: PG_CONFIG.host, port: PG_CONFIG.port, user: PG_CONFIG.user, password: PG_CONFIG.password, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<{ name: string; cleanup(): Promise<void> }> {
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  return { name, cleanup: () => dropPostgres(name) };
}

/** Varied data: unicode, NULLs, binary, a ~1 MB value, JSON, exact numerics, time zones, odd identifiers. */
export const SEED_SQL = `
CREATE TABLE public.items (
  id serial PRIMARY KEY, label text, amount numeric(30,10), happened timestamptz, doc json, docb jsonb, blob bytea, flag boolean
);
INSERT INTO public.items (label, amount, happened, doc, docb, blob, flag) VALUES
  ('héllo wörld ✓ 日本語 🚀', 12345678901234567890.0123456789, '2024-02-29 23:59:59.123456+05:45', '{"a": [1, 2.50, "x"]}', '{"nested": {"k": null}}', '\\x00ff10'::bytea, true),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (E'tab\\tnew\\nline back\\\\slash ''quote'' "dq"', -0.0000000001, '1970-01-01 00:00:00+00', '[]', '[]', ''::bytea, false);
INSERT INTO public.items (label, amount, happened, blob)
  SELECT 'row ' || i, i * 1.5, '2020-01-01 00:00:00+00'::timestamptz + i * interval '1 hour', decode(md5(i::text), 'hex')
    FROM generate_series(1, 2000) AS i;
CREATE TABLE public.large_values (id int PRIMARY KEY, big text, bin bytea);
INSERT INTO public.large_values
  SELECT 1, string_agg(md5(i::text), ''), decode(string_agg(md5(i::text), ''), 'hex') FROM generate_series(1, 32768) AS i;
CREATE SCHEMA "Schéma with space";
CREATE TABLE "Schéma with space"."Tab ""quoted"" ünï" ("col with space" text, "Ünïcode ""col""" integer, "ts" timestamptz);
INSERT INTO "Schéma with space"."Tab ""quoted"" ünï" VALUES ('ä ö ü', 1, now()), (NULL, NULL, NULL), ('🙂', 2147483647, '-infinity');
CREATE TABLE public.empty_table (id bigint);
`;

export async function seedPostgres(name = hostileDatabaseName()): Promise<{ database: string; cleanup(): Promise<void> }> {
  const db = await createDatabase(name);
  try {
    await withPgDatabase(name, (c) => c.query(SEED_SQL));
  } catch (error) {
    await db.cleanup();
    throw error;
  }
  return { database: name, cleanup: db.cleanup };
}

/** Per user table: row count and md5 of its rows' text forms, in a deterministic order, computed in SQL. */
export async function fingerprintPostgres(database: string): Promise<Record<string, { rows: number; checksum: string }>> {
  return withPgDatabase(database, async (client) => {
    const { rows: tables } = await client.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    const out: Record<string, { rows: number; checksum: string }> = {};
    for (const { schema, table } of tables) {
      const name = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
      const { rows } = await client.query<{ rows: string; checksum: string | null }>(
        `SELECT count(*) AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum FROM ${name} AS t`,
      );
      out[`${schema}.${table}`] = { rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum ?? '' };
    }
    return out;
  });
}

export const postgresFixture: SourceFixture = {
  engine: 'postgres',
  source: () => pgSource(),
  seed: () => seedPostgres(),
  emptyTarget: async () => {
    const db = await createDatabase(hostileDatabaseName());
    return { database: db.name, cleanup: db.cleanup };
  },
  fingerprint: (database) => fingerprintPostgres(database!),
  unreachable: () => pgSource({ port: 1 }),
};
