/**
 * Properties of planRetention over random backups, policies, clocks and zones (fast-check).
 * The zones include half-hour and 45-minute offsets, a 30-minute DST (Lord Howe) and a zone whose
 * DST changes at midnight (Havana), where local days are not contiguous in UTC.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isEmptyPolicy, planRetention, type RetentionBackup, type RetentionPlan, type RetentionPolicy } from './retention.js';

const START = Date.parse('2025-01-01T00:00:00Z');
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Havana'];

// Either spread over ~500 days or crowded into 3, so both "one per period" and "many per period" occur.
const minuteOffset = fc.oneof(fc.integer({ min: 0, max: 500 * 1440 }), fc.integer({ min: 0, max: 3 * 1440 }));
const backupsArb = fc
  .array(
    fc.record({
      at: minuteOffset,
      succeeded: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
      locked: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      size: fc.option(fc.nat({ max: 1e9 }), { nil: undefined }),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map((row, i): RetentionBackup => ({
      id: `b${String(i).padStart(2, '0')}`,
      createdAt: new Date(START + row.at * MINUTE),
      succeeded: row.succeeded,
      locked: row.locked,
      size: row.size,
    })),
  );
const countArb = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: undefined });
const policyArb: fc.Arbitrary<RetentionPolicy> = fc.record(
  {
    keepLast: countArb(8),
    keepDays: countArb(60),
    gfs: fc.record({ hourly: countArb(5), daily: countArb(7), weekly: countArb(5), monthly: countArb(5), yearly: countArb(3) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const contextArb = fc.record({
  now: fc.integer({ min: 0, max: 520 }).map((days) => new Date(START + days * DAY)),
  timeZone: fc.constantFrom(...ZONES),
});

const ids = (items: RetentionBackup[]) => items.map((b) => b.id).sort();
const keptIds = (plan: RetentionPlan<RetentionBackup>) => ids(plan.keep.map((k) => k.backup));
const newestSuccessful = (backups: RetentionBackup[]) =>
  backups
    .filter((b) => b.succeeded)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id))[0];
const localDay = (instant: Date, timeZone: string) => instant.toLocaleDateString('sv-SE', { timeZone });
/** Pointwise larger of two policies: every rule of both, with the larger count. */
const union = (p: RetentionPolicy, q: RetentionPolicy): RetentionPolicy => {
  const max = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
  const gfs = { ...p.gfs };
  for (const kind of ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const) gfs[kind] = max(p.gfs?.[kind], q.gfs?.[kind]);
  return { keepLast: max(p.keepLast, q.keepLast), keepDays: max(p.keepDays, q.keepDays), gfs };
};

describe('planRetention properties', () => {
  it('partitions the input: keep ∪ delete = input, disjoint, same objects', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, (backups, policy, context) => {
        const plan = planRetention(backups, policy, context);
        const all = [...plan.keep.map((k) => k.backup), ...plan.delete];
        expect(all).toHaveLength(backups.length);
        expect(new Set(all)).toEqual(new Set(backups));
        expect(plan.summary.kept + plan.summary.deleted).toBe(backups.length);
      }),
    );
  });

  it('always keeps the newest successful backup and every locked one', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, (backups, policy, context) => {
        const kept = new Set(planRetention(backups, policy, context).keep.map((k) => k.backup));
        const newest = newestSuccessful(backups);
        if (newest) expect(kept.has(newest)).toBe(true);
        for (const backup of backups.filter((b) => b.locked)) expect(kept.has(backup)).toBe(true);
      }),
    );
  });

  it('keeps everything under an empty policy; otherwise keeps only successful or locked backups', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, (backups, policy, context) => {
        const plan = planRetention(backups, policy, context);
        if (isEmptyPolicy(policy)) expect(plan.delete).toEqual([]);
        else for (const { backup } of plan.keep) expect(backup.succeeded || backup.locked).toBe(true);
      }),
    );
  });

  it('is monotonic: adding a rule or raising a count never deletes more (for a non-empty policy)', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, policyArb, contextArb, (backups, policy, extra, context) => {
        fc.pre(!isEmptyPolicy(policy)); // the empty policy keeps all, so any rule deletes more than it
        const before = new Set(keptIds(planRetention(backups, policy, context)));
        const after = new Set(keptIds(planRetention(backups, union(policy, extra), context)));
        for (const id of before) expect(after.has(id)).toBe(true);
      }),
    );
  });

  it('with only gfs.daily = K: one backup per local day for the K most recent days that have one', () => {
    fc.assert(
      fc.property(backupsArb, fc.integer({ min: 1, max: 7 }), contextArb, (backups, k, context) => {
        const plan = planRetention(backups, { gfs: { daily: k } }, context);
        const lockedCount = backups.filter((b) => b.locked).length;
        expect(plan.keep.length).toBeLessThanOrEqual(k + 1 + lockedCount);
        const dailyKeeps = plan.keep.flatMap((kept) =>
          kept.reasons.filter((r) => r.startsWith('daily ')).map((r) => ({ day: r.slice(6), backup: kept.backup })),
        );
        // Independent oracle: local days (via toLocaleDateString) of successful backups, newest first.
        const dayOf = new Map(backups.map((b) => [b, localDay(b.createdAt, context.timeZone)]));
        const successfulDays = [...new Set(backups.filter((b) => b.succeeded).map((b) => dayOf.get(b)!))];
        const newestOfDay = (day: string) => newestSuccessful(backups.filter((b) => dayOf.get(b) === day));
        const expectedDays = successfulDays
          .sort((a, b) => newestOfDay(b)!.createdAt.getTime() - newestOfDay(a)!.createdAt.getTime())
          .slice(0, k);
        expect(dailyKeeps.map((d) => d.day).sort()).toEqual([...expectedDays].sort());
        for (const { day, backup } of dailyKeeps) expect(backup).toBe(newestOfDay(day));
      }),
    );
  });

  // Holds exactly, for every rule: each rule's picks are among the kept set and still win there
  // (the N newest stay the N newest; a period's newest backup stays its newest; the K most recent
  // periods stay the K most recent). So a second prune right after the first deletes nothing and
  // gives the same reasons. keepDays needs the SAME `now`; GFS and keepLast ignore the clock.
  it('is idempotent: planning again over the kept set (same now) deletes nothing, same reasons', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, (backups, policy, context) => {
        const first = planRetention(backups, policy, context);
        const second = planRetention(first.keep.map((k) => k.backup), policy, context);
        expect(second.delete).toEqual([]);
        expect(second.keep).toEqual(first.keep);
      }),
    );
  });

  it('without keepDays the plan does not depend on the clock, so a later prune of the kept set deletes nothing', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, fc.integer({ min: 1, max: 400 }), (backups, policy, context, laterDays) => {
        const noAge = { ...policy, keepDays: undefined };
        const first = planRetention(backups, noAge, context);
        const later = { ...context, now: new Date(context.now.getTime() + laterDays * DAY) };
        expect(planRetention(first.keep.map((k) => k.backup), noAge, later).delete).toEqual([]);
      }),
    );
  });

  it('does not depend on the order of the input', () => {
    fc.assert(
      fc.property(backupsArb, policyArb, contextArb, (backups, policy, context) => {
        const forward = planRetention(backups, policy, context);
        const backward = planRetention([...backups].reverse(), policy, context);
        expect(backward).toEqual(forward);
      }),
    );
  });
});
