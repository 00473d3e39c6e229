import type pg from 'pg';

/** User tables (plain and partitioned roots; partitions are counted through their parent). */
export async function listUserTables(client: pg.Client, excludeSchemas: readonly string[]): Promise<{ schema: string; table: string }[]> {
  const { rows } = await client.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
        AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND NOT (n.nspname = ANY($1::text[]))
      ORDER BY 1, 2`,
    [excludeSchemas],
  );
  return rows;
}

/** Creates the restore target when it does not exist yet, so restoring under a new name needs no extra step. */
export async function ensureDatabase(client: pg.Client, database: string): Promise<void> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
}
