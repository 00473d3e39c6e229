import { CalendarClock, CircleAlert } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Switch } from '../../components/ui/switch';
import type { JobDraft } from './job-draft';
import { SCHEDULE_PRESETS, formatInZone, previewSchedule } from './schedule-preview';

/** Step 3: cron + time zone with a plain-language description and the next five runs. */
export function JobStepWhen({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  const preview = previewSchedule(draft.cron, draft.timeZone);
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3">
        <Switch id="job-scheduled" checked={draft.scheduled} onCheckedChange={(scheduled) => onChange({ ...draft, scheduled })} />
        <Label htmlFor="job-scheduled">{draft.scheduled ? 'Run on a schedule' : 'Only when run by hand or through the API'}</Label>
      </div>
      {draft.scheduled && (
        <>
          <div className="flex flex-wrap gap-2" role="group" aria-label="Schedule presets">
            {SCHEDULE_PRESETS.map((preset) => (
              <Button key={preset.cron} size="sm" variant={draft.cron === preset.cron ? 'default' : 'outline'} onClick={() => onChange({ ...draft, cron: preset.cron })}>
                {preset.label}
              </Button>
            ))}
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="job-cron">Cron expression</Label>
              <Input id="job-cron" className="font-mono" value={draft.cron} onChange={(e) => onChange({ ...draft, cron: e.target.value })} aria-describedby="job-cron-hint" />
              <p id="job-cron-hint" className="text-xs text-muted-foreground">minute hour day-of-month month day-of-week</p>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="job-tz">Time zone</Label>
              <Input id="job-tz" value={draft.timeZone} onChange={(e) => onChange({ ...draft, timeZone: e.target.value })} placeholder="Europe/Berlin" />
            </div>
          </div>
          <div className="rounded-md border bg-muted/40 p-3 text-sm" aria-live="polite">
            {preview.problem ? (
              <p className="flex items-center gap-2 text-destructive">
                <CircleAlert className="size-4" aria-hidden /> {preview.problem}
              </p>
            ) : (
              <>
                <p className="flex items-center gap-2 font-medium">
                  <CalendarClock className="size-4 text-primary" aria-hidden /> {preview.description ?? draft.cron} ({draft.timeZone})
                </p>
                <p className="mt-2 text-xs text-muted-foreground">Next runs</p>
                <ol className="mt-1 grid gap-0.5 font-mono text-xs" aria-label="Next runs">
                  {preview.nextRuns.map((run) => (
                    <li key={run.toISOString()}>{formatInZone(run, draft.timeZone)}</li>
                  ))}
                </ol>
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
