import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { EncryptionField } from './encryption-field';
import { COMPRESSIONS, type JobDraft } from './job-draft';

/** Step 4: compression, dump mode and encryption. */
export function JobStepHow({ draft, onChange }: { draft: JobDraft; onChange(draft: JobDraft): void }) {
  const input = draft.input;
  const set = (patch: Partial<JobDraft['input']>) => onChange({ ...draft, input: { ...input, ...patch } });
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
      <div className="border-t pt-4">
        <EncryptionField value={input.encryptionProfileId} onChange={(encryptionProfileId) => set({ encryptionProfileId })} />
      </div>
    </div>
  );
}
