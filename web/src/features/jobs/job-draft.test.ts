import { describe, expect, it } from 'vitest';
import type { Job } from './hooks';
import { draftFromJob, draftToInput, newDraft, stepProblems, STEPS, type JobDraft } from './job-draft';
import { channelEvent, withChannelEvent } from './notification-rules';
import { describePlan, type DestinationPlan } from './retention-summary';

const withOptions = (draft: JobDraft, options: Partial<JobDraft['input']['options']>): JobDraft => ({ ...draft, input: { ...draft.input, options: { ...draft.input.options, ...options } } });

describe('job draft', () => {
  it('walks the steps in the order of the issue: encryption before retention, notifications before checks', () => {
    expect(STEPS).toEqual(['Source', 'Destinations', 'Schedule', 'Compression & encryption', 'Retention', 'Notifications', 'Checks']);
  });

  it('starts with the install defaults when given, with no encryption, no notifications, drills and verification off', () => {
    const draft = newDraft({ defaultTimeZone: 'Europe/Berlin', defaultRetention: { keepDays: 30 } });
    expect(draft.timeZone).toBe('Europe/Berlin');
    expect(draft.input.retention).toEqual({ keepDays: 30 });
    const input = draftToInput(draft);
    expect(input).toMatchObject({ encryptionProfileId: null, notifications: [] });
    expect(input.options).toMatchObject({ drill: { enabled: false, schedule: null }, verify: { schedule: null } });
    expect(stepProblems(draft, 'Checks')).toEqual([]);
  });

  it('asks what a restore drill and a verification schedule still need', () => {
    const draft = newDraft();
    const drill = { enabled: true, targetSourceId: null, afterBackup: false, schedule: null };
    expect(stepProblems(withOptions(draft, { drill }), 'Checks')).toEqual([
      "Choose the server that receives the drill's scratch databases",
      'Run drills after every backup, on a schedule, or both',
    ]);
    const ready = withOptions(draft, { drill: { ...drill, targetSourceId: 's1', schedule: { cron: '0 4 * * 0', timeZone: 'UTC' } }, verify: { schedule: { cron: ' ', timeZone: 'UTC' } } });
    expect(stepProblems(ready, 'Checks')).toEqual(['Write the verification schedule and its time zone']);
  });

  it('carries a saved job\'s encryption profile and notification rules through the editor unchanged, and drops the read-only fields', () => {
    const base = draftToInput(newDraft());
    const job: Job = {
      ...base, id: 'j1', name: ' Nightly ', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', lastScheduledAt: null,
      schedule: { cron: '0 3 * * *', timeZone: 'UTC' }, scheduleDescription: 'At 03:00', nextRuns: [],
      encryptionProfileId: 'p1', notifications: [{ channelId: 'c1', on: 'failure' }, { channelId: 'c2', on: 'always' }],
    };
    const input = draftToInput(draftFromJob(job));
    expect(input).toMatchObject({ name: 'Nightly', encryptionProfileId: 'p1', notifications: [{ channelId: 'c1', on: 'failure' }, { channelId: 'c2', on: 'always' }], schedule: { cron: '0 3 * * *', timeZone: 'UTC' } });
    expect(input).not.toHaveProperty('id');
    expect(input).not.toHaveProperty('nextRuns');
    expect(input).not.toHaveProperty('scheduleDescription');
  });
});

describe('notification rules', () => {
  const rules = [{ channelId: 'mail', on: 'failure' as const }, { channelId: 'chat', on: 'always' as const }];

  it('reads the event a channel hears about, "off" when the job does not use it', () => {
    expect(channelEvent(rules, 'chat')).toBe('always');
    expect(channelEvent(rules, 'hook')).toBe('off');
  });

  it('keeps one rule per channel: adds, replaces in place, and removes on "off"', () => {
    expect(withChannelEvent(rules, 'hook', 'failure')).toEqual([...rules, { channelId: 'hook', on: 'failure' }]);
    expect(withChannelEvent(rules, 'mail', 'always')).toEqual([{ channelId: 'mail', on: 'always' }, rules[1]]);
    expect(withChannelEvent(rules, 'mail', 'off')).toEqual([rules[1]]);
    expect(withChannelEvent([], 'mail', 'off')).toEqual([]);
  });
});

describe('retention preview summary', () => {
  const backup = (key: string, size: number) => ({ key, startedAt: '2026-01-01T00:00:00Z', source: 'pg', database: 'app', size, locked: false });
  const plan = (keep: number, del: number, error: string | null = null): DestinationPlan => ({
    destinationId: 'd1', destinationName: 'Local', error,
    keep: Array.from({ length: keep }, (_, i) => ({ ...backup(`k${i}`, 10), reasons: ['last 3'] })),
    delete: Array.from({ length: del }, (_, i) => backup(`d${i}`, 1024)),
    summary: error ? null : { kept: keep, deleted: del, freedBytes: del * 1024 },
  });

  it('says in words what stays and what goes', () => {
    expect(describePlan(plan(0, 0))).toBe('No backups of this job here yet.');
    expect(describePlan(plan(1, 0))).toBe('Keeps the one backup; nothing would be deleted.');
    expect(describePlan(plan(3, 2))).toBe('Keeps 3 backups, deletes 2 backups (frees 2.0 KB).');
    expect(describePlan(plan(0, 0, 'ENOENT'))).toBe('Could not read the backups there: ENOENT');
  });
});
