import { describe, expect, it } from 'vitest';
import { view } from '../storage/backup-view.fake.js';
import { parsePolicyText } from './policy-text.js';
import { assertSafeToDelete, planSeries } from './retention-series.js';

const context = { now: new Date('2026-03-10T12:00:00Z'), timeZone: 'UTC' };
const daily = (database: string, days: number) =>
  Array.from({ length: days }, (_, n) => view({ key: `${database}/${n}`, database, startedAt: new Date(Date.parse('2026-03-10T03:00:00Z') - n * 86_400_000).toISOString() }));

describe('retention per series', () => {
  it('keeps the last N of each database, not N in total', () => {
    const plan = planSeries([...daily('a', 5), ...daily('b', 2)], { keepLast: 3 }, context);
    expect(plan.keep.map((k) => k.backup.key).sort()).toEqual(['a/0', 'a/1', 'a/2', 'b/0', 'b/1']);
    expect(plan.delete.map((b) => b.key)).toEqual(['a/3', 'a/4']);
    expect(plan.summary).toEqual({ kept: 5, deleted: 2, freedBytes: 20 });
  });

  it('refuses to delete the newest backup of a series or a locked one, whatever the plan says', () => {
    const all = daily('a', 3);
    expect(() => assertSafeToDelete(all, [all[0]!], new Set())).toThrow(/newest backup of its series/);
    expect(() => assertSafeToDelete(all, [all[2]!], new Set(['a/2']))).toThrow(/locked/);
    expect(() => assertSafeToDelete(all, [all[1]!, all[2]!], new Set())).not.toThrow();
  });
});

describe('policy on the command line', () => {
  it('reads the short form and JSON', () => {
    expect(parsePolicyText('keep-last=7,keep-days=30,daily=7,weekly=4,monthly=12,yearly=3')).toEqual({
      keepLast: 7, keepDays: 30, gfs: { daily: 7, weekly: 4, monthly: 12, yearly: 3 },
    });
    expect(parsePolicyText('{"keepLast":2,"gfs":{"hourly":24}}')).toEqual({ keepLast: 2, gfs: { hourly: 24 } });
  });

  it('refuses what it cannot read, with the accepted forms', () => {
    expect(() => parsePolicyText('keep-last=seven')).toThrow(/cannot read "keep-last=seven"; use keep-last=N/);
    expect(() => parsePolicyText('fortnightly=2')).toThrow(/cannot read/);
    expect(() => parsePolicyText('{"keepLast":-1}')).toThrow(/keepLast/);
    expect(() => parsePolicyText('{"keeplast":1}')).toThrow(/keeplast/);
    expect(() => parsePolicyText('{oops')).toThrow(/not valid JSON/);
  });
});
