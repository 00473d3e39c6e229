import type { Job, JobInput } from './hooks';
import { browserTimeZone } from '../schedule/schedule-preview';

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

/** The editor's steps, in the order the user walks them. */
export const STEPS = ['Source', 'Destinations', 'Schedule', 'Compression & encryption', 'Retention', 'Notifications', 'Checks'] as const;
export type Step = (typeof STEPS)[number];

/** Drills and verification read whole backups: weekly, at a quiet hour, unless the user says otherwise. */
export const CHECK_SCHEDULE = '0 4 * * 0';

/** A new job; `defaults` are the install's general settings (time zone, retention) when the user may read them. */
export function newDraft(defaults?: { defaultTimeZone: string; defaultRetention: JobInput['retention'] }): JobDraft {
  return {
    input: {
      name: '', sourceId: '', databases: [], destinationIds: [], schedule: null, enabled: true, compression: 'zstd:3',
      encryptionProfileId: null, retention: defaults?.defaultRetention ?? { keepLast: 7 }, notifications: [],
      options: { mode: 'full', globals: false, maxAttempts: 1, retryDelaySeconds: 60, catchUp: 'one', prefix: '',
        drill: { enabled: false, targetSourceId: null, afterBackup: true, schedule: null }, verify: { schedule: null } },
    },
    scheduled: true,
    cron: '30 2 * * *',
    timeZone: defaults?.defaultTimeZone ?? browserTimeZone(),
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
export function stepProblems(draft: JobDraft, step: Step): string[] {
  const problems: string[] = [];
  if (step === 'Source') {
    if (!draft.input.name.trim()) problems.push('Name the job');
    if (!draft.input.sourceId) problems.push('Choose the source to back up');
  }
  if (step === 'Destinations' && draft.input.destinationIds.length === 0) problems.push('Choose at least one destination');
  if (step === 'Schedule' && draft.scheduled && (!draft.cron.trim() || !draft.timeZone.trim())) problems.push('Write a schedule and its time zone, or choose "Only when run by hand"');
  if (step === 'Checks') problems.push(...checkProblems(draft.input.options));
  return problems;
}

function checkProblems({ drill, verify }: JobInput['options']): string[] {
  const problems: string[] = [];
  const blank = (schedule: { cron: string; timeZone: string } | null) => schedule !== null && (!schedule.cron.trim() || !schedule.timeZone.trim());
  if (drill.enabled && !drill.targetSourceId) problems.push('Choose the server that receives the drill\'s scratch databases');
  if (drill.enabled && !drill.afterBackup && drill.schedule === null) problems.push('Run drills after every backup, on a schedule, or both');
  if (drill.enabled && blank(drill.schedule)) problems.push('Write the drill schedule and its time zone');
  if (blank(verify.schedule)) problems.push('Write the verification schedule and its time zone');
  return problems;
}
