import { Plus, Trash2 } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { newRowKey, UNITS, type ThresholdRow, type Unit } from './system-notifications-form';

interface Props {
  rows: ThresholdRow[];
  /** The destinations the user may read; undefined when the list is not available. */
  destinations: { id: string; name: string; kind: string }[] | undefined;
  invalid: ReadonlySet<string>;
  canWrite: boolean;
  onChange(rows: ThresholdRow[]): void;
}

/** One row per watched destination: which one, and the size in GB or TB above which channels are told. */
export function UsageThresholdRows({ rows, destinations, invalid, canWrite, onChange }: Props) {
  const known = new Set((destinations ?? []).map((d) => d.id));
  const taken = new Set(rows.map((r) => r.destinationId));
  const free = (destinations ?? []).filter((d) => !taken.has(d.id));
  const update = (key: string, patch: Partial<ThresholdRow>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () => onChange([...rows, { key: newRowKey(), destinationId: free.length === 1 ? free[0]!.id : '', amount: '', unit: 'GB' }]);
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">Storage usage thresholds</legend>
      <p className="text-xs text-muted-foreground">Checked every hour: the channels above are told once a destination holds more than this (backups and leftover files). One threshold per destination.</p>
      {rows.length === 0 && <p className="text-sm text-muted-foreground">No destination is watched.</p>}
      {rows.map((row, index) => (
        <div key={row.key} role="group" aria-label={`Usage threshold ${index + 1}`} className="grid grid-cols-[minmax(0,1fr)_7rem_5.5rem_auto] items-center gap-2">
          <Select value={row.destinationId} onValueChange={(destinationId) => update(row.key, { destinationId })} disabled={!canWrite}>
            <SelectTrigger aria-label="Destination" aria-invalid={invalid.has(row.key) || undefined}><SelectValue placeholder="Choose a destination" /></SelectTrigger>
            <SelectContent>
              {(destinations ?? []).map((d) => (
                // At most one row per destination: the ones other rows use are offered but disabled.
                <SelectItem key={d.id} value={d.id} disabled={taken.has(d.id) && d.id !== row.destinationId}>{d.name} ({d.kind})</SelectItem>
              ))}
              {row.destinationId && !known.has(row.destinationId) && (
                <SelectItem value={row.destinationId}>{destinations ? 'Deleted destination' : row.destinationId}</SelectItem>
              )}
            </SelectContent>
          </Select>
          <Input aria-label="Size" type="number" min={0} step="any" inputMode="decimal" placeholder="500" value={row.amount} aria-invalid={invalid.has(row.key) || undefined}
            onChange={(e) => update(row.key, { amount: e.target.value })} />
          <Select value={row.unit} onValueChange={(unit) => update(row.key, { unit: unit as Unit })} disabled={!canWrite}>
            <SelectTrigger aria-label="Unit"><SelectValue /></SelectTrigger>
            <SelectContent>{Object.keys(UNITS).map((unit) => <SelectItem key={unit} value={unit}>{unit}</SelectItem>)}</SelectContent>
          </Select>
          {canWrite ? (
            <Button variant="ghost" size="icon" aria-label={`Remove threshold ${index + 1}`} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}><Trash2 aria-hidden /></Button>
          ) : <span className="size-9" />}
        </div>
      ))}
      {canWrite && (
        <div>
          <Button variant="outline" size="sm" onClick={add} disabled={destinations !== undefined && free.length === 0}
            title={destinations !== undefined && free.length === 0 ? 'Every destination has a threshold' : undefined}>
            <Plus aria-hidden /> Add threshold
          </Button>
        </div>
      )}
    </fieldset>
  );
}
