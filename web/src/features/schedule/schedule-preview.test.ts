import { describe, expect, it } from 'vitest';
import { formatInZone, previewSchedule } from './schedule-preview';

describe('schedule preview', () => {
  const from = new Date('2026-03-28T12:00:00Z');

  it('describes the schedule and lists the next runs in the job time zone', () => {
    const preview = previewSchedule('30 2 * * *', 'Europe/Berlin', from);
    expect(preview.problem).toBeUndefined();
    expect(preview.description).toBe('At 02:30');
    // 29 March 2026 is the spring-forward day in Berlin: 02:30 does not exist, croner moves it forward.
    expect(preview.nextRuns.map((d) => d.toISOString())).toHaveLength(5);
    expect(formatInZone(preview.nextRuns[2]!, 'Europe/Berlin')).toMatch(/02:30/);
  });

  it('says what is wrong with an unusable expression', () => {
    expect(previewSchedule('', 'UTC', from).problem).toMatch(/Write a cron expression/);
    expect(previewSchedule('* * *', 'UTC', from).problem).toMatch(/five fields/);
    expect(previewSchedule('99 * * * *', 'UTC', from).problem).toMatch(/Not a valid schedule/);
    expect(previewSchedule('0 0 31 2 *', 'UTC', from).problem).toMatch(/never matches/);
  });
});
