import { describe, expect, it } from 'vitest';
import { isoWeek, localParts, periodKey, type PeriodKind } from './retention-periods.js';

const key = (kind: PeriodKind, instant: string, timeZone: string) => periodKey(kind, localParts(new Date(instant), timeZone));

describe('periodKey', () => {
  it('reads the period in the job zone: 23:30 UTC is the next day in Berlin', () => {
    expect(key('daily', '2026-03-04T23:30:00Z', 'UTC')).toBe('2026-03-04');
    expect(key('daily', '2026-03-04T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-05');
    expect(key('hourly', '2026-03-04T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-05 00:00');
    expect(key('daily', '2026-03-04T18:45:00Z', 'Asia/Kolkata')).toBe('2026-03-05');
    expect(key('hourly', '2026-03-04T18:29:00Z', 'Asia/Kolkata')).toBe('2026-03-04 23:00');
  });

  it('changes month and year at local midnight', () => {
    expect(key('monthly', '2026-03-31T22:30:00Z', 'Europe/Berlin')).toBe('2026-04');
    expect(key('yearly', '2026-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2027');
    expect(key('yearly', '2027-01-01T03:00:00Z', 'America/New_York')).toBe('2026');
  });

  it('uses ISO weeks starting on Monday, with the ISO week year', () => {
    expect(key('weekly', '2026-03-08T12:00:00Z', 'UTC')).toBe('2026-W10'); // Sunday
    expect(key('weekly', '2026-03-09T00:30:00Z', 'UTC')).toBe('2026-W11'); // Monday
    // Sunday 23:30 UTC is already Monday in Berlin.
    expect(key('weekly', '2026-03-08T23:30:00Z', 'Europe/Berlin')).toBe('2026-W11');
  });

  it('merges the repeated hour of a fall-back into one hourly period', () => {
    expect(key('hourly', '2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-01 01:00');
    expect(key('hourly', '2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01 01:00');
  });
});

describe('isoWeek', () => {
  it.each([
    [2026, 1, 1, 2026, 1], // Thursday
    [2027, 1, 1, 2026, 53], // Friday: belongs to the last week of 2026
    [2024, 12, 30, 2025, 1], // Monday of the week holding 2 January 2025
    [2021, 1, 3, 2020, 53],
    [2026, 12, 28, 2026, 53],
  ])('%i-%i-%i is %i week %i', (year, month, day, weekYear, week) => {
    expect(isoWeek(year, month, day)).toEqual({ year: weekYear, week });
  });
});
