import { RetentionFields } from '../retention/retention-fields';
import type { JobDraft } from './job-draft';
import { RetentionPreview } from './retention-preview';

/** Step 5: which backups to keep, with a dry run of the rules against the job's stored backups. */
export function JobStepRetention({ jobId, draft, onChange }: { jobId?: string; draft: JobDraft; onChange(draft: JobDraft): void }) {
  const retention = draft.input.retention;
  return (
    <div className="grid grid-cols-1 gap-4">
      <RetentionFields id="job" value={retention} onChange={(next) => onChange({ ...draft, input: { ...draft.input, retention: next } })} />
      <div className="border-t pt-4">
        <RetentionPreview jobId={jobId} policy={retention} />
      </div>
    </div>
  );
}
