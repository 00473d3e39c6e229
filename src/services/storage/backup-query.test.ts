import { describe, expect, it } from 'vitest';
import { facetCounts, filterBackups, storageTotals } from './backup-query.js';
import { view } from './backup-view.fake.js';
import { contentDisposition, downloadName } from './download-name.js';

const backups = [
  view({ key: 'a1', startedAt: '2026-01-01T00:00:00Z', job: { id: 'j1', name: 'One' } }),
  view({ key: 'a2', startedAt: '2026-01-02T00:00:00Z', database: null, storedSize: 5 }),
  view({ key: 'b1', startedAt: '2026-01-03T00:00:00Z', source: { name: 'beta', engine: 'mysql', serverVersion: '11' }, storedSize: 100 }),
];

describe('explorer queries', () => {
  it('filters by any-of lists, server-wide database as "", and an inclusive date range', () => {
    expect(filterBackups(backups, { database: [''] }).map((b) => b.key)).toEqual(['a2']);
    expect(filterBackups(backups, { source: ['alpha', 'beta'], engine: ['mysql'] }).map((b) => b.key)).toEqual(['b1']);
    expect(filterBackups(backups, { from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z' }).map((b) => b.key)).toEqual(['a2', 'b1']);
  });

  it('counts each facet under the other filters only', () => {
    const facets = facetCounts(backups, { source: ['beta'] });
    expect(facets.source).toEqual([{ value: 'alpha', count: 2 }, { value: 'beta', count: 1 }]);
    expect(facets.engine).toEqual([{ value: 'mysql', count: 1 }]);
    expect(facetCounts(backups, {}).job).toEqual([{ value: null, count: 2 }, { value: 'j1', label: 'One', count: 1 }]);
  });

  it('sums stored bytes per source and per database, biggest first', () => {
    const totals = storageTotals(backups, [{ size: 7 }]);
    expect(totals).toMatchObject({ count: 3, bytes: 115, orphans: { count: 1, bytes: 7 } });
    expect(totals.bySource).toEqual([{ source: 'beta', engine: 'mysql', count: 1, bytes: 100 }, { source: 'alpha', engine: 'postgres', count: 2, bytes: 15 }]);
    expect(totals.byDatabase).toHaveLength(3);
  });

  it('names downloads after source, database and time, safely quoted', () => {
    expect(downloadName('lb/alpha/app/2026-01-01_00-00-00.sql.zst')).toBe('alpha_app_2026-01-01_00-00-00.sql.zst');
    expect(contentDisposition('café "x".sql')).toBe(`attachment; filename="caf_ _x_.sql"; filename*=UTF-8''caf%C3%A9%20%22x%22.sql`);
  });
});
