import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { COMPRESSIONS, type JobDraft } from './job-draft';

type Retention = JobDraft['input']['retention'];

/** Step 4: compression, dump mode and retention. */
export function JobStepHow({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  const input = draft.input;
  const set = (patch: Partial<JobDraft['input']>) => onChange({ ...draft, input: { ...input, ...patch } });
  const setRetention = (key: 'keepLast' | 'keepDays', text: string) => {
    const retention: Retention = { ...input.retention };
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0) delete retention[key];
    else retention[key] = Math.floor(n);
    set({ retention });
  };
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor="job-compression">Compression</Label>
          <Select value={input.compression} onValueChange={(compression) => set({ compression })}>
            <SelectTrigger id="job-compression">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {COMPRESSIONS.map((c) => (
                <SelectItem key={c.value} value={c.value}>
                  {c.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="job-mode">What to dump</Label>
          <Select value={input.options.mode} onValueChange={(mode) => set({ options: { ...input.options, mode: mode as typeof input.options.mode } })}>
            <SelectTrigger id="job-mode">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="full">Schema and data</SelectItem>
              <SelectItem value="schema">Schema only</SelectItem>
              <SelectItem value="data">Data only</SelectItem>
            </SelectContent>
          </Select>
        </div>
      </div>
      <p className="text-xs text-muted-foreground">Encryption: {input.encryptionProfileId ? 'profile selected' : 'off. Encryption profiles can be chosen here once they are set up in Settings.'}</p>
      <fieldset className="grid gap-3 border-t pt-4">
        <legend className="text-sm font-medium">Retention</legend>
        <p className="text-xs text-muted-foreground">A backup is kept when any rule keeps it. Leave both empty to keep every backup.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="grid gap-1.5">
            <Label htmlFor="job-keep-last">Keep the newest N backups</Label>
            <Input id="job-keep-last" type="number" min={0} value={input.retention.keepLast ?? ''} onChange={(e) => setRetention('keepLast', e.target.value)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="job-keep-days">Keep backups younger than N days</Label>
            <Input id="job-keep-days" type="number" min={0} value={input.retention.keepDays ?? ''} onChange={(e) => setRetention('keepDays', e.target.value)} />
          </div>
        </div>
      </fieldset>
    </div>
  );
}
