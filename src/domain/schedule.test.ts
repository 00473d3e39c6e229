import { describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.js';
import { describeSchedule, nextRuns, scheduleSchema, type Schedule } from './schedule.js';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
/** Wall-clock text of an instant in a zone, e.g. "2026-03-29 03:30". */
const local = (d: Date, timeZone: string) =>
  d.toLocaleString('sv-SE', { timeZone, hour12: false }).slice(0, 16);

describe('scheduleSchema', () => {
  it('accepts a five-field expression, a nickname and IANA zones', () => {
    expect(scheduleSchema.parse({ cron: ' 30 2 * * * ', timeZone: 'Europe/Berlin' })).toEqual({
      cron: '30 2 * * *',
      timeZone: 'Europe/Berlin',
    });
    expect(scheduleSchema.safeParse({ cron: '@daily', timeZone: 'UTC' }).success).toBe(true);
    expect(scheduleSchema.safeParse({ cron: '0 3 * * MON-FRI', timeZone: 'Asia/Kolkata' }).success).toBe(true);
  });

  it.each([
    ['61 * * * *', /invalid \(Invalid value for minute: 61\): write five fields "minute hour day-of-month/],
    ['* * *', /has 3 field\(s\): write five fields/],
    ['0 0 2 * * *', /has 6 field\(s\)/],
    ['0 0 31 2 *', /never matches a date \(e\.g\. 31 February\): check day and month/],
    ['', /empty: write five fields/],
    ['every day', /has 2 field\(s\)/],
  ])('refuses cron %j with a clear message', (cron, message) => {
    const result = scheduleSchema.safeParse({ cron, timeZone: 'UTC' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toHaveLength(1);
    expect(result.error?.issues[0]?.path).toEqual(['cron']);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it.each(['Mars/Olympus_Mons', 'CEST', '+05:30', ''])('refuses time zone %j, naming it', (timeZone) => {
    const result = scheduleSchema.safeParse({ cron: '0 3 * * *', timeZone });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['timeZone']);
    expect(result.error?.issues[0]?.message).toBe(
      `Unknown time zone "${timeZone}": use an IANA name such as "Europe/Berlin", "America/New_York" or "UTC"`,
    );
  });
});

describe('nextRuns', () => {
  it('returns UTC instants strictly after `from`, in the job zone', () => {
    const runs = nextRuns({ cron: '0 3 * * *', timeZone: 'UTC' }, new Date('2026-03-01T03:00:00Z'), 2);
    expect(iso(runs)).toEqual(['2026-03-02T03:00:00.000Z', '2026-03-03T03:00:00.000Z']);
  });

  it('handles a +05:30 zone (Asia/Kolkata): 03:00 local is 21:30 UTC the day before', () => {
    const schedule = { cron: '0 3 * * *', timeZone: 'Asia/Kolkata' };
    const runs = nextRuns(schedule, new Date('2026-03-01T00:00:00Z'), 2);
    expect(iso(runs)).toEqual(['2026-03-01T21:30:00.000Z', '2026-03-02T21:30:00.000Z']);
    expect(runs.map((d) => local(d, 'Asia/Kolkata'))).toEqual(['2026-03-02 03:00', '2026-03-03 03:00']);
  });

  it('gives the next 5 runs for the UI and validates the count', () => {
    const schedule = { cron: '*/15 * * * *', timeZone: 'UTC' };
    expect(nextRuns(schedule, new Date('2026-01-01T00:07:00Z'), 5)).toHaveLength(5);
    expect(nextRuns(schedule, new Date('2026-01-01T00:07:00Z'), 0)).toEqual([]);
    expect(() => nextRuns(schedule, new Date(), -1)).toThrow(ValidationError);
    expect(() => nextRuns(schedule, new Date(), 1.5)).toThrow(ValidationError);
  });

  it('throws ValidationError for an invalid schedule that bypassed the schema', () => {
    expect(() => nextRuns({ cron: '0 3 * *', timeZone: 'UTC' }, new Date(), 1)).toThrow(ValidationError);
    expect(() => nextRuns({ cron: '0 3 * * *', timeZone: 'Nowhere/City' }, new Date(), 1)).toThrow(
      /Unknown time zone "Nowhere\/City"/,
    );
  });
});

describe('nextRuns across DST changes (2026)', () => {
  const daily = (cron: string, timeZone: string): Schedule => ({ cron, timeZone });

  it('Europe/Berlin spring forward: 02:30 does not exist on 29 March, the job runs once at 03:30 CEST', () => {
    const runs = nextRuns(daily('30 2 * * *', 'Europe/Berlin'), new Date('2026-03-28T00:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(runs.map((d) => local(d, 'Europe/Berlin'))).toEqual([
      '2026-03-28 02:30',
      '2026-03-29 03:30',
      '2026-03-30 02:30',
    ]);
  });

  it('America/New_York spring forward: 02:30 does not exist on 8 March, the job runs once at 03:30 EDT', () => {
    const runs = nextRuns(daily('30 2 * * *', 'America/New_York'), new Date('2026-03-07T00:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  it('America/New_York fall back: 01:30 happens twice on 1 November, the job runs once (01:30 EDT)', () => {
    const runs = nextRuns(daily('30 1 * * *', 'America/New_York'), new Date('2026-10-31T00:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('America/New_York fall back: asked from inside the repeated hour, the next run is the next day', () => {
    // croner alone answers 05:30Z here (earlier than `from`), which would run the job twice.
    for (const from of ['2026-11-01T06:00:00Z', '2026-11-01T06:10:00Z', '2026-11-01T06:29:59Z']) {
      expect(iso(nextRuns(daily('30 1 * * *', 'America/New_York'), new Date(from), 1))).toEqual([
        '2026-11-02T06:30:00.000Z',
      ]);
    }
    const every20 = nextRuns(daily('*/20 * * * *', 'America/New_York'), new Date('2026-11-01T06:10:00Z'), 2);
    expect(iso(every20)).toEqual(['2026-11-01T07:00:00.000Z', '2026-11-01T07:20:00.000Z']);
  });

  it('Europe/Berlin fall back: 02:30 happens twice on 25 October, the job runs once (02:30 CET)', () => {
    const runs = nextRuns(daily('30 2 * * *', 'Europe/Berlin'), new Date('2026-10-24T00:00:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']);
  });

  // Asking "what is next?" from all through the changeover day must never reveal a second run:
  // this is what the scheduler does after each run, so it is what guarantees "once".
  it.each([
    ['30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
    ['30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', ['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    ['30 2 * * *', 'Europe/Berlin', '2026-03-28T12:00:00Z', ['2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z']],
    ['30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', ['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']],
  ])('%s in %s: asked from every 20 minutes of the day, exactly one run on the change day', (cron, timeZone, start, expected) => {
    const seen = new Set<string>();
    const from = Date.parse(start);
    for (let t = from; t < from + 36 * 3_600_000; t += 20 * 60_000) {
      const [next] = nextRuns({ cron, timeZone }, new Date(t), 1);
      expect(next!.getTime()).toBeGreaterThan(t);
      seen.add(next!.toISOString());
    }
    expect([...seen]).toEqual(expected);
  });
});

describe('describeSchedule', () => {
  it('describes the expression and names the zone', () => {
    expect(describeSchedule({ cron: '30 2 * * *', timeZone: 'Europe/Berlin' })).toBe('At 02:30 (Europe/Berlin)');
    expect(describeSchedule({ cron: '0 3 * * 1-5', timeZone: 'UTC' })).toBe('At 03:00, Monday through Friday (UTC)');
    expect(describeSchedule({ cron: '*/15 * * * *', timeZone: 'UTC' })).toBe('Every 15 minutes (UTC)');
    expect(describeSchedule({ cron: '30 14 * * *', timeZone: 'UTC' }, { use24HourTimeFormat: false })).toBe(
      'At 02:30 PM (UTC)',
    );
  });
});
