import { describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.js';
import { isEmptyPolicy, planRetention, retentionPolicySchema, type RetentionBackup } from './retention.js';

const backup = (id: string, createdAt: string, extra: Partial<RetentionBackup> = {}): RetentionBackup => ({
  id,
  createdAt: new Date(createdAt),
  succeeded: true,
  locked: false,
  ...extra,
});
const utc = { now: new Date('2026-03-10T12:00:00Z'), timeZone: 'UTC' };
const keptIds = (plan: ReturnType<typeof planRetention>) => plan.keep.map((k) => k.backup.id);
const deletedIds = (plan: ReturnType<typeof planRetention>) => plan.delete.map((b) => b.id);
const reasonsOf = (plan: ReturnType<typeof planRetention>) =>
  Object.fromEntries(plan.keep.map((k) => [k.backup.id, k.reasons]));

/** One successful backup a day at 02:00 UTC, 1..n March 2026, ids d1..dn. */
const daily = (n: number) =>
  Array.from({ length: n }, (_, i) => backup(`d${i + 1}`, `2026-03-${String(i + 1).padStart(2, '0')}T02:00:00Z`));

describe('planRetention: single rules', () => {
  it('keepLast keeps the N newest successful backups, whatever the input order', () => {
    const plan = planRetention(daily(5).reverse(), { keepLast: 3 }, utc);
    expect(keptIds(plan)).toEqual(['d5', 'd4', 'd3']);
    expect(deletedIds(plan)).toEqual(['d2', 'd1']);
    expect(reasonsOf(plan).d5).toEqual(['last 3', 'newest successful']);
    expect(reasonsOf(plan).d3).toEqual(['last 3']);
  });

  it('failed backups do not count towards keepLast and are deleted', () => {
    const backups = [...daily(4), backup('f1', '2026-03-05T02:00:00Z', { succeeded: false }), backup('f2', '2026-03-06T02:00:00Z', { succeeded: false })];
    const plan = planRetention(backups, { keepLast: 2 }, utc);
    expect(keptIds(plan)).toEqual(['d4', 'd3']);
    expect(deletedIds(plan)).toEqual(['f2', 'f1', 'd2', 'd1']);
  });

  it('keepDays keeps backups created at or after now minus D x 24 h', () => {
    const backups = [backup('edge', '2026-03-03T12:00:00Z'), backup('older', '2026-03-03T11:59:59Z'), backup('new', '2026-03-09T00:00:00Z')];
    const plan = planRetention(backups, { keepDays: 7 }, utc);
    expect(keptIds(plan)).toEqual(['new', 'edge']);
    expect(reasonsOf(plan).edge).toEqual(['within 7 days']);
    expect(deletedIds(plan)).toEqual(['older']);
  });

  it('GFS daily keeps the newest backup of each of the last K days that have a backup', () => {
    const backups = [
      backup('mar9-late', '2026-03-09T20:00:00Z'),
      backup('mar9-early', '2026-03-09T08:00:00Z'),
      backup('mar6', '2026-03-06T08:00:00Z'), // 7 and 8 March have none: they do not count
      backup('mar5-late', '2026-03-05T23:00:00Z'),
      backup('mar5-early', '2026-03-05T01:00:00Z'),
      backup('mar4', '2026-03-04T10:00:00Z'),
    ];
    const plan = planRetention(backups, { gfs: { daily: 3 } }, utc);
    expect(reasonsOf(plan)).toEqual({
      'mar9-late': ['daily 2026-03-09', 'newest successful'],
      mar6: ['daily 2026-03-06'],
      'mar5-late': ['daily 2026-03-05'],
    });
  });

  it('GFS rotates: a later backup in the same day takes the day over and releases the earlier one', () => {
    const morning = backup('morning', '2026-03-09T08:00:00Z');
    const before = planRetention([morning, backup('mar8', '2026-03-08T08:00:00Z')], { gfs: { daily: 2 } }, utc);
    expect(keptIds(before)).toEqual(['morning', 'mar8']);
    const evening = backup('evening', '2026-03-09T20:00:00Z');
    const after = planRetention([evening, ...before.keep.map((k) => k.backup)], { gfs: { daily: 2 } }, utc);
    expect(keptIds(after)).toEqual(['evening', 'mar8']);
    expect(deletedIds(after)).toEqual(['morning']);
  });

  it('GFS weekly, monthly and yearly pick one per ISO week, month and year', () => {
    const backups = [
      backup('sun-mar8', '2026-03-08T10:00:00Z'),
      backup('mon-mar2', '2026-03-02T10:00:00Z'),
      backup('sun-mar1', '2026-03-01T10:00:00Z'),
      backup('feb', '2026-02-10T10:00:00Z'),
      backup('dec', '2025-12-20T10:00:00Z'),
      backup('nov', '2025-11-20T10:00:00Z'),
    ];
    const plan = planRetention(backups, { gfs: { weekly: 2, monthly: 3, yearly: 2 } }, utc);
    expect(reasonsOf(plan)).toEqual({
      'sun-mar8': ['weekly 2026-W10', 'monthly 2026-03', 'yearly 2026', 'newest successful'],
      'sun-mar1': ['weekly 2026-W09'],
      feb: ['monthly 2026-02'],
      dec: ['monthly 2025-12', 'yearly 2025'],
    });
    expect(deletedIds(plan)).toEqual(['mon-mar2', 'nov']);
  });

  it('GFS hourly keeps the newest backup of each of the last K local hours', () => {
    const backups = [backup('a', '2026-03-10T11:50:00Z'), backup('b', '2026-03-10T11:10:00Z'), backup('c', '2026-03-10T10:59:00Z'), backup('d', '2026-03-10T09:00:00Z')];
    const plan = planRetention(backups, { gfs: { hourly: 2 } }, utc);
    expect(keptIds(plan)).toEqual(['a', 'c']);
    expect(reasonsOf(plan).c).toEqual(['hourly 2026-03-10 10:00']);
  });
});

describe('planRetention: time zones', () => {
  // 22:30 and 23:30 UTC on 4 March: the same day in UTC, two different days in Berlin.
  const backups = [backup('late', '2026-03-04T23:30:00Z'), backup('early', '2026-03-04T22:30:00Z'), backup('mar3', '2026-03-03T12:00:00Z')];

  it('a backup at 23:30 UTC belongs to the next day in Europe/Berlin', () => {
    const berlin = planRetention(backups, { gfs: { daily: 2 } }, { ...utc, timeZone: 'Europe/Berlin' });
    expect(reasonsOf(berlin)).toEqual({ late: ['daily 2026-03-05', 'newest successful'], early: ['daily 2026-03-04'] });
    const inUtc = planRetention(backups, { gfs: { daily: 2 } }, utc);
    expect(reasonsOf(inUtc)).toEqual({ late: ['daily 2026-03-04', 'newest successful'], mar3: ['daily 2026-03-03'] });
  });

  it('Asia/Kolkata (+05:30): 18:45 UTC is already the next local day', () => {
    const kolkata = [backup('k1', '2026-03-04T18:45:00Z'), backup('k2', '2026-03-04T18:15:00Z')];
    const plan = planRetention(kolkata, { gfs: { daily: 2 } }, { ...utc, timeZone: 'Asia/Kolkata' });
    expect(reasonsOf(plan)).toEqual({ k1: ['daily 2026-03-05', 'newest successful'], k2: ['daily 2026-03-04'] });
  });

  it('refuses an unknown time zone rather than guessing UTC', () => {
    expect(() => planRetention(backups, { keepLast: 1 }, { ...utc, timeZone: 'Europe/Atlantis' })).toThrow(ValidationError);
  });
});

describe('planRetention: combination and safety', () => {
  it('unites the rules and lists every reason for the preview', () => {
    const backups = [...daily(9), backup('pinned', '2026-02-01T00:00:00Z', { locked: true })];
    const plan = planRetention(backups, { keepLast: 2, keepDays: 3, gfs: { daily: 4, monthly: 2 } }, utc);
    expect(reasonsOf(plan)).toEqual({
      d9: ['last 2', 'within 3 days', 'daily 2026-03-09', 'monthly 2026-03', 'newest successful'],
      d8: ['last 2', 'within 3 days', 'daily 2026-03-08'],
      d7: ['daily 2026-03-07'], // 02:00 on 7 March is 3 days and 10 hours before now
      d6: ['daily 2026-03-06'],
      pinned: ['monthly 2026-02', 'locked'],
    });
    expect(plan.summary).toEqual({ kept: 5, deleted: 5, freedBytes: 0 });
  });

  it('never deletes the newest successful backup, even when every rule would', () => {
    const stale = [backup('old-ok', '2026-01-01T00:00:00Z'), backup('new-failed', '2026-03-10T00:00:00Z', { succeeded: false })];
    const plan = planRetention(stale, { keepDays: 7 }, utc);
    expect(reasonsOf(plan)).toEqual({ 'old-ok': ['newest successful'] });
    expect(deletedIds(plan)).toEqual(['new-failed']);
  });

  it('never deletes a locked backup, successful or not', () => {
    const backups = [...daily(3), backup('lf', '2026-01-01T00:00:00Z', { locked: true, succeeded: false })];
    const plan = planRetention(backups, { keepLast: 1 }, utc);
    expect(reasonsOf(plan).lf).toEqual(['locked']);
    expect(deletedIds(plan)).toEqual(['d2', 'd1']);
  });

  it.each([{}, { keepLast: 0 }, { keepDays: 0, gfs: {} }, { gfs: { daily: 0, weekly: 0 } }])(
    'an empty policy %j keeps everything, failed backups included',
    (policy) => {
      const backups = [...daily(3), backup('f', '2026-03-04T00:00:00Z', { succeeded: false })];
      const plan = planRetention(backups, policy, utc);
      expect(isEmptyPolicy(policy)).toBe(true);
      expect(plan.delete).toEqual([]);
      expect(reasonsOf(plan).f).toEqual(['no retention policy']);
    },
  );

  it('ignores negative or NaN counts that skipped the schema instead of misreading them', () => {
    const plan = planRetention(daily(4), { keepLast: -1, keepDays: NaN }, utc);
    expect(plan.delete).toEqual([]);
  });

  it('keeps a backup whose date cannot be read', () => {
    const plan = planRetention([...daily(2), backup('bad', 'not a date')], { keepLast: 1 }, utc);
    expect(reasonsOf(plan).bad).toEqual(['unknown date']);
    expect(deletedIds(plan)).toEqual(['d1']);
  });

  it('sums the bytes a prune frees', () => {
    const backups = daily(3).map((b, i) => ({ ...b, size: 100 * (i + 1) }));
    expect(planRetention(backups, { keepLast: 1 }, utc).summary).toEqual({ kept: 1, deleted: 2, freedBytes: 300 });
  });

  it('returns the caller’s own objects so extra fields (keys, destinations) survive', () => {
    const own = [{ ...backup('x', '2026-03-01T00:00:00Z'), key: 'jobs/a/x.dump.zst' }];
    expect(planRetention(own, { keepLast: 1 }, utc).keep[0]?.backup.key).toBe('jobs/a/x.dump.zst');
  });
});

describe('retentionPolicySchema', () => {
  it('accepts counts and refuses negative, fractional or unknown values', () => {
    expect(retentionPolicySchema.parse({ keepLast: 7, gfs: { daily: 7, weekly: 4 } })).toEqual({ keepLast: 7, gfs: { daily: 7, weekly: 4 } });
    expect(retentionPolicySchema.safeParse({ keepLast: -1 }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ keepDays: 1.5 }).success).toBe(false);
    expect(retentionPolicySchema.safeParse({ gfs: { daily: '7' } }).success).toBe(false);
  });
});
