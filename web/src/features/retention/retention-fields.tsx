import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import type { Schemas } from '../../api/client';

export type RetentionPolicy = Schemas['GeneralSettings']['defaultRetention'];
type Gfs = NonNullable<RetentionPolicy['gfs']>;

const GFS: { key: keyof Gfs; label: string }[] = [
  { key: 'daily', label: 'Daily' },
  { key: 'weekly', label: 'Weekly' },
  { key: 'monthly', label: 'Monthly' },
  { key: 'yearly', label: 'Yearly' },
];

/** Empty, zero or not a number turns a rule off (the server reads a missing count the same way). */
function count(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) || n <= 0 ? undefined : Math.floor(n);
}

/** Without the rules that are off: a policy the server and the preview read exactly as shown. */
export function withCount<T extends object>(target: T, key: keyof T, text: string): T {
  const next = { ...target };
  const n = count(text);
  if (n === undefined) delete next[key];
  else (next as Record<keyof T, number>)[key] = n;
  return next;
}

/** The retention rules (newest N, younger than N days, and grandfather-father-son counts), as one fieldset. */
export function RetentionFields({ id, value, onChange, legend = 'Retention' }: { id: string; value: RetentionPolicy; onChange(value: RetentionPolicy): void; legend?: string }) {
  const setGfs = (key: keyof Gfs, text: string) => {
    const { gfs: _old, ...rest } = value;
    const gfs = withCount(value.gfs ?? {}, key, text);
    onChange(Object.keys(gfs).length ? { ...rest, gfs } : rest);
  };
  return (
    <fieldset className="grid gap-3">
      <legend className="text-sm font-medium">{legend}</legend>
      <p className="text-xs text-muted-foreground">A backup is kept when any rule keeps it; the newest good backup is always kept. Leave every field empty to keep every backup.</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-keep-last`}>Keep the newest N backups</Label>
          <Input id={`${id}-keep-last`} type="number" min={0} value={value.keepLast ?? ''} onChange={(e) => onChange(withCount(value, 'keepLast', e.target.value))} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-keep-days`}>Keep backups younger than N days</Label>
          <Input id={`${id}-keep-days`} type="number" min={0} value={value.keepDays ?? ''} onChange={(e) => onChange(withCount(value, 'keepDays', e.target.value))} />
        </div>
      </div>
      <div className="grid gap-1.5">
        <p className="text-xs text-muted-foreground">And the newest backup of each of the last N days, weeks, months, years:</p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {GFS.map(({ key, label }) => (
            <div key={key} className="grid gap-1">
              <Label htmlFor={`${id}-gfs-${key}`} className="text-xs">{label}</Label>
              <Input id={`${id}-gfs-${key}`} type="number" min={0} value={value.gfs?.[key] ?? ''} onChange={(e) => setGfs(key, e.target.value)} />
            </div>
          ))}
        </div>
      </div>
    </fieldset>
  );
}
