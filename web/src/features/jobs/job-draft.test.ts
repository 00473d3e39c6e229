import { describe, expect, it } from 'vitest';
import { draftToInput, newDraft, stepProblems, type JobDraft } from './job-draft';

const withOptions = (draft: JobDraft, options: Partial<JobDraft['input']['options']>): JobDraft => ({ ...draft, input: { ...draft.input, options: { ...draft.input.options, ...options } } });

describe('job draft', () => {
  it('starts with the install defaults when given, and with drills and verification off', () => {
    const draft = newDraft({ defaultTimeZone: 'Europe/Berlin', defaultRetention: { keepDays: 30 } });
    expect(draft.timeZone).toBe('Europe/Berlin');
    expect(draft.input.retention).toEqual({ keepDays: 30 });
    expect(draftToInput(draft).options).toMatchObject({ drill: { enabled: false, schedule: null }, verify: { schedule: null } });
    expect(stepProblems(draft, 4)).toEqual([]);
  });

  it('asks what a restore drill and a verification schedule still need', () => {
    const draft = newDraft();
    const drill = { enabled: true, targetSourceId: null, afterBackup: false, schedule: null };
    expect(stepProblems(withOptions(draft, { drill }), 4)).toEqual([
      "Choose the server that receives the drill's scratch databases",
      'Run drills after every backup, on a schedule, or both',
    ]);
    const ready = withOptions(draft, { drill: { ...drill, targetSourceId: 's1', schedule: { cron: '0 4 * * 0', timeZone: 'UTC' } }, verify: { schedule: { cron: ' ', timeZone: 'UTC' } } });
    expect(stepProblems(ready, 4)).toEqual(['Write the verification schedule and its time zone']);
  });
});
