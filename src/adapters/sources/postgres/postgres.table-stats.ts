import type pg from 'pg';
import type { TableStat, TableStats } from '../types.js';
import { listUserTables } from './postgres.queries.js';

/** Sum over rows of the first 60 bits of md5(row::text), as a decimal string (docs/format.md). */
export const PG_CHECKSUM = 'pg-md5-sum-v1';

/**
 * Fixes every setting that changes a value's text output, so the same rows give the same checksum on any server
 * (12+) and in any session: the drill sets the same on the scratch database. SET LOCAL: they end with the transaction.
 */
const STABLE_TEXT_OUTPUT = [
  "SET LOCAL TimeZone = 'UTC'",
  "SET LOCAL DateStyle = 'ISO, YMD'",
  "SET LOCAL IntervalStyle = 'postgres'",
  'SET LOCAL extra_float_digits = 1',
  "SET LOCAL bytea_output = 'hex'",
  "SET LOCAL lc_monetary = 'C'",
  // Qualified names for reg* types, whatever the user's search path.
  'SET LOCAL search_path = pg_catalog',
];

/** Opens the read-only snapshot the fingerprints are read in; a dump that imports it sees exactly the same rows. */
export async function beginFingerprintSnapshot(client: pg.Client): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  // The transaction waits idle while pg_dump reads the exported snapshot: a server-wide idle timeout must not end it.
  await client.query('SET LOCAL idle_in_transaction_session_timeout = 0');
  await client.query('SET LOCAL statement_timeout = 0');
  for (const statement of STABLE_TEXT_OUTPUT) await client.query(statement);
}

/** Exact row count and content checksum of every user table, in the client's open transaction (one scan per table). */
export async function fingerprintTables(client: pg.Client, excludeSchemas: readonly string[]): Promise<TableStats> {
  // A failing query must not end the transaction: its exported snapshot may not be imported by pg_dump yet.
  await client.query('SAVEPOINT lifeboat_fingerprints');
  try {
    const tables: TableStat[] = [];
    for (const { schema, table } of await listUserTables(client, excludeSchemas)) {
      const name = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
      // sum(bigint) is numeric: exact, no overflow. A partitioned table's scan includes its partitions.
      const { rows } = await client.query<{ rows: string; checksum: string }>(
        `SELECT count(*) AS rows, coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text AS checksum FROM ${name} AS t`,
      );
      tables.push({ table: `${schema}.${table}`, rows: Number(rows[0]?.rows ?? 0), checksum: rows[0]?.checksum ?? '0' });
    }
    await client.query('RELEASE SAVEPOINT lifeboat_fingerprints');
    return { level: 'exact', checksum: PG_CHECKSUM, tables };
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT lifeboat_fingerprints').catch(() => undefined);
    throw error;
  }
}

/** Exports the transaction's snapshot for `pg_dump --snapshot`. */
export async function exportSnapshot(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
  return rows[0]!.id;
}

/**
 * The planner's row estimates, from the catalog only (no table is read). pg_class.reltuples rather than
 * pg_stat_user_tables.n_live_tup: it is stored with the table, so it survives a crash or a statistics reset and is
 * there on a standby (where the statistics counters stay at zero). A table never analysed (reltuples -1) falls back
 * to the statistics system's live-row counter. Partitioned tables add up their leaf partitions.
 */
export async function estimateTables(client: pg.Client, excludeSchemas: readonly string[]): Promise<TableStats> {
  const listed = await listUserTables(client, excludeSchemas);
  const names = listed.map(({ schema, table }) => `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`);
  const { rows } = await client.query<{ rows: string }>(
    `SELECT (SELECT coalesce(sum(CASE WHEN p.reltuples >= 0 THEN p.reltuples ELSE pg_stat_get_live_tuples(p.oid) END), 0)
               FROM pg_class p
              WHERE p.relkind <> 'p' AND (p.oid = r.oid OR p.oid IN (SELECT relid FROM pg_partition_tree(r.oid))))::bigint AS rows
       FROM unnest($1::regclass[]) WITH ORDINALITY AS r(oid, n)
      ORDER BY r.n`,
    [names],
  );
  const tables = listed.map(({ schema, table }, i) => ({ table: `${schema}.${table}`, rows: Math.max(0, Number(rows[i]?.rows ?? 0)) }));
  return { level: 'estimates', checksum: null, tables };
}
