import type { TableStat } from '../../adapters/sources/types.js';

export interface TableComparison {
  table: string;
  expected: number | null;
  actual: number | null;
}

/** Tables whose row count after the restore differs from what the sidecar recorded at dump time (missing counts as null). */
export function compareTables(recorded: TableStat[], restored: TableStat[]): TableComparison[] {
  const actual = new Map(restored.map((t) => [t.table, t.rows]));
  const expected = new Map(recorded.map((t) => [t.table, t.rows]));
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return names
    .map((table) => ({ table, expected: expected.get(table) ?? null, actual: actual.get(table) ?? null }))
    .filter((c) => c.expected !== c.actual);
}
