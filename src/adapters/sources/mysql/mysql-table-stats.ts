import type mysql from 'mysql2/promise';
import type { TableStat, TableStats } from '../types.js';
import { quoteIdent } from './mysql-connection.js';

/** `CHECKSUM TABLE ... EXTENDED`: the server's row-by-row checksum (docs/format.md). */
export const MYSQL_CHECKSUM = 'mariadb-checksum-table-extended';

async function baseTables(conn: mysql.Connection, database: string): Promise<{ name: string; rows: string | number | null }[]> {
  const [rows] = await conn.query(
    `SELECT TABLE_NAME AS name, TABLE_ROWS AS \`rows\` FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
    [database],
  );
  return rows as { name: string; rows: string | number | null }[];
}

/** The engine's own row estimates (InnoDB samples them), from one catalog query: no table is read. */
export async function estimateTables(conn: mysql.Connection, database: string): Promise<TableStats> {
  const tables = (await baseTables(conn, database)).map((t) => ({ table: t.name, rows: Number(t.rows ?? 0) }));
  return { level: 'estimates', checksum: null, tables };
}

/**
 * Opens a consistent-snapshot read-only transaction, as the dump tool's `--single-transaction` does: InnoDB reads
 * COUNT(*) and CHECKSUM TABLE inside it, so writes committed after this point are not counted.
 */
export async function beginSnapshot(conn: mysql.Connection): Promise<void> {
  await conn.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
  await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
}

/** Exact row count and checksum of every base table, in the connection's open transaction. */
export async function fingerprintTables(conn: mysql.Connection, database: string): Promise<TableStats> {
  const tables: TableStat[] = [];
  for (const { name } of await baseTables(conn, database)) {
    const qualified = `${quoteIdent(database)}.${quoteIdent(name)}`;
    const [counted] = await conn.query(`SELECT COUNT(*) AS n FROM ${qualified}`);
    const [summed] = await conn.query(`CHECKSUM TABLE ${qualified} EXTENDED`);
    const checksum = (summed as { Checksum: string | number | null }[])[0]?.Checksum;
    tables.push({ table: name, rows: Number((counted as { n: number | string }[])[0]?.n ?? 0), checksum: String(checksum ?? 'null') });
  }
  return { level: 'exact', checksum: MYSQL_CHECKSUM, tables };
}
