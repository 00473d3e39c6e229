import type { Job, JobInput } from './hooks';
import { browserTimeZone } from './schedule-preview';

/** The editor's working copy: the API's input shape plus whether a schedule is on. */
export interface JobDraft {
  input: JobInput;
  scheduled: boolean;
  cron: string;
  timeZone: string;
}

export const COMPRESSIONS = [
  { value: 'zstd:3', label: 'zstd (fast, recommended)' },
  { value: 'zstd:19', label: 'zstd, maximum (slow, smallest)' },
  { value: 'gzip:6', label: 'gzip (widely readable)' },
  { value: 'bzip2:9', label: 'bzip2' },
  { value: 'none', label: 'None' },
];

export function newDraft(): JobDraft {
  return {
    input: {
      name: '', sourceId: '', databases: [], destinationIds: [], schedule: null, enabled: true, compression: 'zstd:3',
      encryptionProfileId: null, retention: { keepLast: 7 }, notifications: [],
      options: { mode: 'full', globals: false, maxAttempts: 1, retryDelaySeconds: 60, catchUp: 'one', prefix: '',
        drill: { enabled: false, targetSourceId: null, afterBackup: true, schedule: null }, verify: { schedule: null } },
    },
    scheduled: true,
    cron: '30 2 * * *',
    timeZone: browserTimeZone(),
  };
}

export function draftFromJob(job: Job): JobDraft {
  const { id: _id, createdAt: _c, updatedAt: _u, lastScheduledAt: _l, scheduleDescription: _s, nextRuns: _n, ...input } = job;
  return { input, scheduled: job.schedule !== null, cron: job.schedule?.cron ?? '30 2 * * *', timeZone: job.schedule?.timeZone ?? browserTimeZone() };
}

export function draftToInput(draft: JobDraft): JobInput {
  return { ...draft.input, name: draft.input.name.trim(), schedule: draft.scheduled ? { cron: draft.cron.trim(), timeZone: draft.timeZone.trim() } : null };
}

/** What blocks each step, in words; an empty list means the step is complete. */
export function stepProblems(draft: JobDraft, step: number): string[] {
  const problems: string[] = [];
  if (step === 0) {
    if (!draft.input.name.trim()) problems.push('Name the job');
    if (!draft.input.sourceId) problems.push('Choose the source to back up');
  }
  if (step === 1 && draft.input.destinationIds.length === 0) problems.push('Choose at least one destination');
  if (step === 2 && draft.scheduled && (!draft.cron.trim() || !draft.timeZone.trim())) problems.push('Write a schedule and its time zone, or choose "Only when run by hand"');
  return problems;
}
