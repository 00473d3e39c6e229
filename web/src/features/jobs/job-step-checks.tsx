import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { ScheduleFields } from '../schedule/schedule-fields';
import { useSources } from '../sources/hooks';
import { CHECK_SCHEDULE, type JobDraft } from './job-draft';

type Options = JobDraft['input']['options'];

/** Step 5: prove the backups are good: restore drills (restore, compare row counts, drop) and scheduled verification. */
export function JobStepChecks({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  const sources = useSources();
  const { drill, verify } = draft.input.options;
  const setOptions = (patch: Partial<Options>) => onChange({ ...draft, input: { ...draft.input, options: { ...draft.input.options, ...patch } } });
  const setDrill = (patch: Partial<Options['drill']>) => setOptions({ drill: { ...drill, ...patch } });
  const engine = sources.data?.find((s) => s.id === draft.input.sourceId)?.engine;
  const fresh = { cron: CHECK_SCHEDULE, timeZone: draft.timeZone };
  return (
    <div className="grid gap-5">
      <section className="grid gap-3" aria-label="Restore drill">
        <div className="flex items-center gap-3">
          <Switch id="job-drill" checked={drill.enabled} onCheckedChange={(enabled) => setDrill({ enabled })} />
          <Label htmlFor="job-drill">Restore drill: restore each backup into a scratch database, compare row counts, then drop it</Label>
        </div>
        {drill.enabled && (
          <div className="grid gap-4 border-l-2 pl-4">
            <div className="grid gap-1.5">
              <Label htmlFor="job-drill-target">Server for the scratch databases</Label>
              <Select value={drill.targetSourceId ?? undefined} onValueChange={(targetSourceId) => setDrill({ targetSourceId })}>
                <SelectTrigger id="job-drill-target"><SelectValue placeholder="Choose a server of the same engine" /></SelectTrigger>
                <SelectContent>
                  {(sources.data ?? []).filter((s) => !engine || s.engine === engine).map((s) => <SelectItem key={s.id} value={s.id}>{s.name}{s.id === draft.input.sourceId ? ' (the source itself)' : ''}</SelectItem>)}
                </SelectContent>
              </Select>
              <p className="text-xs text-muted-foreground">It needs room for one more copy of the largest database, and a user allowed to create databases.</p>
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4 accent-[var(--primary)]" checked={drill.afterBackup} onChange={(e) => setDrill({ afterBackup: e.target.checked })} />
              After every backup
            </label>
            <div className="flex items-center gap-3">
              <Switch id="job-drill-scheduled" checked={drill.schedule !== null} onCheckedChange={(on) => setDrill({ schedule: on ? fresh : null })} />
              <Label htmlFor="job-drill-scheduled">On its own schedule (the newest backup of each database)</Label>
            </div>
            {drill.schedule && <ScheduleFields id="job-drill" runs={3} value={drill.schedule} onChange={(schedule) => setDrill({ schedule })} />}
          </div>
        )}
      </section>
      <section className="grid gap-3 border-t pt-4" aria-label="Verification">
        <div className="flex items-center gap-3">
          <Switch id="job-verify" checked={verify.schedule !== null} onCheckedChange={(on) => setOptions({ verify: { schedule: on ? fresh : null } })} />
          <Label htmlFor="job-verify">Verify on a schedule: re-read the newest backups on every destination and check size, checksum and encryption</Label>
        </div>
        {verify.schedule && <ScheduleFields id="job-verify" runs={3} value={verify.schedule} onChange={(schedule) => setOptions({ verify: { schedule } })} />}
      </section>
    </div>
  );
}
