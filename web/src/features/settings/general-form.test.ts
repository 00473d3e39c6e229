import { describe, expect, it } from 'vitest';
import { changedSettings } from './general-form';

const saved = { maxConcurrentJobs: 2, workerLeaseSeconds: 120, defaultTimeZone: 'UTC', defaultRetention: { keepLast: 7 } };

describe('changedSettings', () => {
  it('is empty when nothing changed', () => {
    expect(changedSettings(saved, { ...saved, defaultRetention: { keepLast: 7 } })).toEqual({});
  });

  it('names only the changed values, with the time zone trimmed', () => {
    expect(changedSettings(saved, { ...saved, maxConcurrentJobs: 4, defaultTimeZone: ' Europe/Berlin ' })).toEqual({ maxConcurrentJobs: 4, defaultTimeZone: 'Europe/Berlin' });
    expect(changedSettings(saved, { ...saved, defaultRetention: { keepLast: 7, gfs: { daily: 7 } } })).toEqual({ defaultRetention: { keepLast: 7, gfs: { daily: 7 } } });
  });
});
