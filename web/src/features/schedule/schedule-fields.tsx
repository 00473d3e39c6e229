import { CalendarClock, CircleAlert } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { SCHEDULE_PRESETS, formatInZone, previewSchedule } from './schedule-preview';

export interface ScheduleValue {
  cron: string;
  timeZone: string;
}

/**
 * Cron + time zone with presets, a plain-language description and the next runs. Used by every schedule
 * (backups, drills, verification, the configuration backup), so they all read the same way.
 */
export function ScheduleFields({ id, value, onChange, runs = 5 }: { id: string; value: ScheduleValue; onChange(value: ScheduleValue): void; runs?: number }) {
  const preview = previewSchedule(value.cron, value.timeZone, new Date(), runs);
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap gap-2" role="group" aria-label="Schedule presets">
        {SCHEDULE_PRESETS.map((preset) => (
          <Button key={preset.cron} size="sm" variant={value.cron === preset.cron ? 'default' : 'outline'} onClick={() => onChange({ ...value, cron: preset.cron })}>
            {preset.label}
          </Button>
        ))}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid content-start gap-1.5">
          <Label htmlFor={`${id}-cron`}>Cron expression</Label>
          <Input id={`${id}-cron`} className="font-mono" value={value.cron} onChange={(e) => onChange({ ...value, cron: e.target.value })} aria-describedby={`${id}-cron-hint`} />
          <p id={`${id}-cron-hint`} className="text-xs text-muted-foreground">minute hour day-of-month month day-of-week</p>
        </div>
        <div className="grid content-start gap-1.5">
          <Label htmlFor={`${id}-tz`}>Time zone</Label>
          <Input id={`${id}-tz`} value={value.timeZone} onChange={(e) => onChange({ ...value, timeZone: e.target.value })} placeholder="Europe/Berlin" />
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
              <CalendarClock className="size-4 text-primary" aria-hidden /> {preview.description ?? value.cron} ({value.timeZone})
            </p>
            <p className="mt-2 text-xs text-muted-foreground">Next runs</p>
            <ol className="mt-1 grid gap-0.5 font-mono text-xs" aria-label="Next runs">
              {preview.nextRuns.map((run) => (
                <li key={run.toISOString()}>{formatInZone(run, value.timeZone)}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
