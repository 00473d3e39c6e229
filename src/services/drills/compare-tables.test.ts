import { describe, expect, it } from 'vitest';
import { compareTables } from './compare-tables.js';

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
});
