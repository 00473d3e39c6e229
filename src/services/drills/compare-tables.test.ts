import { describe, expect, it } from 'vitest';
import { compareTables, describeMismatch } from './compare-tables.js';

describe('compareTables', () => {
  it('reports differing, missing and extra tables only', () => {
    expect(compareTables(
      [{ table: 'a', rows: 3 }, { table: 'b', rows: 1 }, { table: 'c', rows: 0 }],
      [{ table: 'a', rows: 3 }, { table: 'b', rows: 2 }, { table: 'd', rows: 5 }],
    )).toEqual([
      { table: 'b', expected: 1, actual: 2 },
      { table: 'c', expected: 0, actual: null },
      { table: 'd', expected: null, actual: 5 },
    ]);
  });

  it('compares checksums only when asked and when both sides have one', () => {
    const recorded = [{ table: 'a', rows: 3, checksum: '10' }, { table: 'b', rows: 1, checksum: '7' }, { table: 'c', rows: 2 }];
    const restored = [{ table: 'a', rows: 3, checksum: '11' }, { table: 'b', rows: 1, checksum: '7' }, { table: 'c', rows: 2, checksum: '9' }];
    expect(compareTables(recorded, restored)).toEqual([]);
    const differs = compareTables(recorded, restored, true);
    expect(differs).toEqual([{ table: 'a', expected: 3, actual: 3, checksums: { expected: '10', actual: '11' } }]);
    expect(describeMismatch(differs[0]!)).toBe('a: same row count (3) but the content differs (checksum 10 recorded, 11 restored)');
  });
});
