import { describe, expect, it } from 'vitest';
import { FakeClock } from '../lib/clock.js';
import { dueRun, type CatchUp, type Schedule } from './schedule.js';

const at = (text: string) => new Date(text);
const daily3 = { cron: '0 3 * * *', timeZone: 'UTC' };
const MINUTE = 60_000;

/**
 * What the scheduler does: look at the clock every `stepMs`, start what is due and remember its tick.
 * Returns the ticks that ran, as ISO strings.
 */
function simulate(schedule: Schedule, opts: { lastRunAt: Date | null; from: string; to: string; stepMs: number; catchUp: CatchUp }) {
  const clock = new FakeClock(opts.from);
  let lastRunAt = opts.lastRunAt;
  const ran: string[] = [];
  while (clock.now() <= at(opts.to)) {
    const due = dueRun(schedule, { lastRunAt, now: clock.now(), catchUp: opts.catchUp });
    if (due) {
      ran.push(`${due.at.toISOString()} ${due.kind}`);
      lastRunAt = due.at;
    }
    clock.advance(opts.stepMs);
  }
  return ran;
}

describe('dueRun', () => {
  it('is due on time at the tick, and not before or after it was handled', () => {
    const lastRunAt = at('2026-03-01T03:00:00Z');
    expect(dueRun(daily3, { lastRunAt, now: at('2026-03-02T02:59:59Z'), catchUp: 'one' })).toBeNull();
    expect(dueRun(daily3, { lastRunAt, now: at('2026-03-02T03:00:00Z'), catchUp: 'one' })).toEqual({
      at: at('2026-03-02T03:00:00Z'),
      kind: 'on-time',
    });
    expect(dueRun(daily3, { lastRunAt, now: at('2026-03-02T03:00:40Z'), catchUp: 'none' })?.kind).toBe('on-time');
    const handled = { lastRunAt: at('2026-03-02T03:00:00Z'), now: at('2026-03-02T03:00:10Z'), catchUp: 'one' as const };
    expect(dueRun(daily3, handled)).toBeNull();
  });

  it('after a 3-day downtime runs exactly one catch-up (the most recent missed tick), then keeps the schedule', () => {
    const ran = simulate(daily3, {
      lastRunAt: at('2026-03-01T03:00:00Z'),
      from: '2026-03-04T12:00:00Z', // back up after missing the ticks of 2, 3 and 4 March
      to: '2026-03-05T03:30:00Z',
      stepMs: 5 * MINUTE,
      catchUp: 'one',
    });
    expect(ran).toEqual(['2026-03-04T03:00:00.000Z catch-up', '2026-03-05T03:00:00.000Z on-time']);
  });

  it("with catchUp 'none' skips missed ticks and waits for the next one", () => {
    const ran = simulate(daily3, {
      lastRunAt: at('2026-03-01T03:00:00Z'),
      from: '2026-03-04T12:00:00Z',
      to: '2026-03-05T03:30:00Z',
      stepMs: 5 * MINUTE,
      catchUp: 'none',
    });
    expect(ran).toEqual(['2026-03-05T03:00:00.000Z on-time']);
  });

  it('folds thousands of missed ticks of a frequent job into one catch-up', () => {
    const every5 = { cron: '*/5 * * * *', timeZone: 'UTC' };
    const input = { lastRunAt: at('2026-03-01T00:00:00Z'), now: at('2026-03-04T12:03:00Z'), catchUp: 'one' as const };
    expect(dueRun(every5, input)).toEqual({ at: at('2026-03-04T12:00:00Z'), kind: 'catch-up' });
  });

  it('finds a rare tick long ago (yearly job, two years of downtime)', () => {
    const yearly = { cron: '0 0 1 1 *', timeZone: 'Europe/Berlin' };
    const input = { lastRunAt: at('2024-06-01T00:00:00Z'), now: at('2026-03-04T12:00:00Z'), catchUp: 'one' as const };
    expect(dueRun(yearly, input)).toEqual({ at: at('2025-12-31T23:00:00Z'), kind: 'catch-up' });
  });

  it('counts a tick noticed later than the grace period as missed', () => {
    const lastRunAt = at('2026-03-01T03:00:00Z');
    const late = at('2026-03-02T03:01:01Z');
    expect(dueRun(daily3, { lastRunAt, now: late, catchUp: 'one' })?.kind).toBe('catch-up');
    expect(dueRun(daily3, { lastRunAt, now: late, catchUp: 'none' })).toBeNull();
    expect(dueRun(daily3, { lastRunAt, now: late, catchUp: 'none', graceMs: 5 * MINUTE })?.kind).toBe('on-time');
  });

  it('never fires a new job (no last run) for a tick that passed before it existed', () => {
    expect(dueRun(daily3, { lastRunAt: null, now: at('2026-03-02T09:00:00Z'), catchUp: 'one' })).toBeNull();
    expect(dueRun(daily3, { lastRunAt: null, now: at('2026-03-02T03:00:30Z'), catchUp: 'one' })).toEqual({
      at: at('2026-03-02T03:00:00Z'),
      kind: 'on-time',
    });
  });

  it('returns nothing when the last run is in the future (clock moved back)', () => {
    const input = { lastRunAt: at('2026-03-05T03:00:00Z'), now: at('2026-03-04T03:00:00Z'), catchUp: 'one' as const };
    expect(dueRun(daily3, input)).toBeNull();
  });

  it('evaluates in the job zone: Asia/Kolkata 03:00 is 21:30 UTC, catch-up included', () => {
    const kolkata = { cron: '0 3 * * *', timeZone: 'Asia/Kolkata' };
    const ran = simulate(kolkata, {
      lastRunAt: at('2026-03-01T21:30:00Z'),
      from: '2026-03-03T00:00:00Z',
      to: '2026-03-03T22:00:00Z',
      stepMs: 10 * MINUTE,
      catchUp: 'one',
    });
    expect(ran).toEqual(['2026-03-02T21:30:00.000Z catch-up', '2026-03-03T21:30:00.000Z on-time']);
  });

  it.each([
    ['America/New_York fall back', '30 1 * * *', 'America/New_York', '2026-10-31T00:00:00Z', ['2026-10-31T05:30:00.000Z on-time', '2026-11-01T05:30:00.000Z on-time', '2026-11-02T06:30:00.000Z on-time']],
    ['Europe/Berlin fall back', '30 2 * * *', 'Europe/Berlin', '2026-10-24T00:00:00Z', ['2026-10-24T00:30:00.000Z on-time', '2026-10-25T01:30:00.000Z on-time', '2026-10-26T01:30:00.000Z on-time']],
    ['Europe/Berlin spring forward', '30 2 * * *', 'Europe/Berlin', '2026-03-28T00:00:00Z', ['2026-03-28T01:30:00.000Z on-time', '2026-03-29T01:30:00.000Z on-time', '2026-03-30T00:30:00.000Z on-time']],
    ['America/New_York spring forward', '30 2 * * *', 'America/New_York', '2026-03-07T00:00:00Z', ['2026-03-07T07:30:00.000Z on-time', '2026-03-08T07:30:00.000Z on-time', '2026-03-09T06:30:00.000Z on-time']],
  ])('%s: a scheduler polling every 30 minutes runs once per day', (_name, cron, timeZone, from, expected) => {
    const to = new Date(at(from).getTime() + 3 * 24 * 3_600_000 - MINUTE).toISOString();
    const ran = simulate({ cron, timeZone }, { lastRunAt: at(from), from, to, stepMs: 30 * MINUTE, catchUp: 'one' });
    expect(ran).toEqual(expected);
  });
});
