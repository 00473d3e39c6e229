import type { TableStat } from '../../adapters/sources/types.js';

export interface TableComparison {
  table: string;
  expected: number | null;
  actual: number | null;
  /** Both checksums, when the counts match but the content does not. */
  checksums?: { expected: string; actual: string };
}

/**
 * Tables whose restored figures differ from those the sidecar recorded at dump time: row counts (a missing table
 * counts as null) and, with `checksums`, content checksums where both sides have one.
 */
export function compareTables(recorded: TableStat[], restored: TableStat[], checksums = false): TableComparison[] {
  const actual = new Map(restored.map((t) => [t.table, t]));
  const expected = new Map(recorded.map((t) => [t.table, t]));
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return names.flatMap((table) => {
    const want = expected.get(table);
    const got = actual.get(table);
    const counts = { table, expected: want?.rows ?? null, actual: got?.rows ?? null };
    if (counts.expected !== counts.actual) return [counts];
    if (checksums && want?.checksum !== undefined && got?.checksum !== undefined && want.checksum !== got.checksum) {
      return [{ ...counts, checksums: { expected: want.checksum, actual: got.checksum } }];
    }
    return [];
  });
}

/** One line per difference, for people. */
export function describeMismatch(m: TableComparison): string {
  if (m.checksums) return `${m.table}: same row count (${m.actual}) but the content differs (checksum ${m.checksums.expected} recorded, ${m.checksums.actual} restored)`;
  return `${m.table}: ${m.expected ?? 'absent'} recorded, ${m.actual ?? 'absent'} restored`;
}
