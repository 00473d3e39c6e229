import { Label } from '../../components/ui/label';
import { Switch } from '../../components/ui/switch';
import { ScheduleFields } from '../schedule/schedule-fields';
import type { JobDraft } from './job-draft';

/** Step 3: cron + time zone with a plain-language description and the next five runs. */
export function JobStepWhen({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3">
        <Switch id="job-scheduled" checked={draft.scheduled} onCheckedChange={(scheduled) => onChange({ ...draft, scheduled })} />
        <Label htmlFor="job-scheduled">{draft.scheduled ? 'Run on a schedule' : 'Only when run by hand or through the API'}</Label>
      </div>
      {draft.scheduled && (
        <ScheduleFields id="job" value={{ cron: draft.cron, timeZone: draft.timeZone }} onChange={(schedule) => onChange({ ...draft, ...schedule })} />
      )}
    </div>
  );
}
