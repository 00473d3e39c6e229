import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Skeleton } from '../../components/ui/skeleton';
import { useDestinations } from '../destinations/hooks';
import { useSourceDatabases, useSources } from '../sources/hooks';
import { CheckboxList } from './checkbox-list';
import type { JobDraft } from './job-draft';

type StepProps = { draft: JobDraft; onChange(draft: JobDraft): void };

/** Step 1: name, source and which of its databases. */
export function JobStepWhat({ draft, onChange }: StepProps) {
  const sources = useSources();
  const databases = useSourceDatabases(draft.input.sourceId || undefined);
  const set = (patch: Partial<JobDraft['input']>) => onChange({ ...draft, input: { ...draft.input, ...patch } });
  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor="job-name">Job name</Label>
        <Input id="job-name" value={draft.input.name} onChange={(e) => set({ name: e.target.value })} placeholder="Nightly production backup" autoFocus />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="job-source">Source</Label>
        <Select value={draft.input.sourceId || undefined} onValueChange={(sourceId) => set({ sourceId, databases: [] })}>
          <SelectTrigger id="job-source">
            <SelectValue placeholder={sources.data?.length === 0 ? 'Add a source first (Sources page)' : 'Choose the database server…'} />
          </SelectTrigger>
          <SelectContent>
            {sources.data?.map((s) => (
              <SelectItem key={s.id} value={s.id}>
                {s.name}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {draft.input.sourceId && (
        <div className="grid gap-1.5">
          {databases.isPending ? (
            <Skeleton className="h-20" />
          ) : databases.isError ? (
            <p className="text-sm text-destructive">Could not list the databases ({databases.error.message}). The job will back up every database.</p>
          ) : (
            <>
              <CheckboxList legend="Databases" options={databases.data.map((d) => ({ value: d, label: d }))} selected={draft.input.databases} onChange={(next) => set({ databases: next })} />
              <p className="text-xs text-muted-foreground">{draft.input.databases.length === 0 ? 'None ticked: every database, including ones created later.' : `${draft.input.databases.length} selected.`}</p>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** Step 2: destinations (one or more; each gets a copy). */
export function JobStepWhere({ draft, onChange }: StepProps) {
  const destinations = useDestinations();
  const set = (patch: Partial<JobDraft['input']>) => onChange({ ...draft, input: { ...draft.input, ...patch } });
  if (destinations.data?.length === 0) return <p className="text-sm text-muted-foreground">There is no destination yet: add one on the Destinations page, then come back.</p>;
  return (
    <div className="grid gap-4">
      <CheckboxList
        legend="Store each backup in"
        options={(destinations.data ?? []).map((d) => ({ value: d.id, label: d.name, hint: d.kind }))}
        selected={draft.input.destinationIds}
        onChange={(destinationIds) => set({ destinationIds })}
      />
      <div className="grid gap-1.5">
        <Label htmlFor="job-prefix">Folder inside each destination (optional)</Label>
        <Input id="job-prefix" value={draft.input.options.prefix} placeholder="production/" onChange={(e) => set({ options: { ...draft.input.options, prefix: e.target.value } })} />
      </div>
    </div>
  );
}
