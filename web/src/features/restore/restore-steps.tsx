import { useQuery } from '@tanstack/react-query';
import { api, describeError, unwrap } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Input, Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Skeleton } from '../../components/ui/skeleton';
import { formatBytes, formatDateTime } from '../../lib/format';
import { CheckboxList } from '../jobs/checkbox-list';
import { useSourceDatabases, useSources } from '../sources/hooks';
import { backupLabel } from '../storage/backups-table';
import type { StoredBackup } from '../storage/hooks';
import { chosen, sameRun, type RestoreDraft } from './restore-draft';

interface StepProps {
  draft: RestoreDraft;
  onChange(draft: RestoreDraft): void;
}

/** Step 1: which backup (any on this destination), and the key when it is encrypted. */
export function StepBackup({ draft, onChange, backups }: StepProps & { backups: StoredBackup[] }) {
  const backup = backups.find((b) => b.key === draft.key);
  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor="restore-backup">Backup</Label>
        <Select value={draft.key} onValueChange={(key) => onChange({ ...draft, key, keys: [key], targets: { [key]: backups.find((b) => b.key === key)?.database ?? '' }, tables: null })}>
          <SelectTrigger id="restore-backup"><SelectValue placeholder="Choose a backup" /></SelectTrigger>
          <SelectContent>
            {backups.map((b) => <SelectItem key={b.key} value={b.key}>{backupLabel(b)} · {formatDateTime(b.finishedAt)}</SelectItem>)}
          </SelectContent>
        </Select>
      </div>
      {backup && (
        <dl className="grid grid-cols-2 gap-3 rounded-md border bg-muted/40 p-3 text-sm sm:grid-cols-4">
          <div><dt className="text-xs text-muted-foreground">Engine</dt><dd>{backup.source.engine} {backup.source.serverVersion}</dd></div>
          <div><dt className="text-xs text-muted-foreground">Job</dt><dd>{backup.job?.name ?? '—'}</dd></div>
          <div><dt className="text-xs text-muted-foreground">Size</dt><dd>{formatBytes(backup.storedSize)}</dd></div>
          <div><dt className="text-xs text-muted-foreground">Encryption</dt><dd>{backup.encrypted ? 'encrypted' : 'none'}</dd></div>
        </dl>
      )}
      {backup && <RunDatabases draft={draft} onChange={onChange} run={sameRun(backup, backups)} />}
      {backup?.encrypted && (
        <fieldset className="grid gap-3">
          <legend className="mb-1 text-sm font-medium">Key to open this backup (used once, never stored)</legend>
          <p className="text-xs text-muted-foreground">Leave both empty when Lifeboat holds the private key of the backup's encryption profile.</p>
          <Label htmlFor="restore-identity">Identity (AGE-SECRET-KEY-…)</Label>
          <Textarea id="restore-identity" className="font-mono text-xs" value={draft.identity} onChange={(e) => onChange({ ...draft, identity: e.target.value })} />
          <Label htmlFor="restore-passphrase">or passphrase</Label>
          <Input id="restore-passphrase" type="password" autoComplete="off" value={draft.passphrase} onChange={(e) => onChange({ ...draft, passphrase: e.target.value })} />
        </fieldset>
      )}
    </div>
  );
}

/** Step 2: which server, and the database name each backup goes into (a new name restores next to the original). */
export function StepTarget({ draft, onChange, backups }: StepProps & { backups: StoredBackup[] }) {
  const sources = useSources();
  const databases = useSourceDatabases(draft.targetSourceId || undefined);
  const items = chosen(draft, backups);
  const engine = items[0]?.backup.source.engine;
  return (
    <div className="grid gap-4">
      <div className="grid gap-1.5">
        <Label htmlFor="restore-source">Restore into source</Label>
        <Select value={draft.targetSourceId} onValueChange={(targetSourceId) => onChange({ ...draft, targetSourceId })}>
          <SelectTrigger id="restore-source"><SelectValue placeholder="Choose a server" /></SelectTrigger>
          <SelectContent>
            {(sources.data ?? []).map((s) => (
              <SelectItem key={s.id} value={s.id}>{s.name} ({s.engine}{s.engine !== engine ? ', different engine' : ''})</SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <datalist id="restore-databases">{databases.data?.map((d) => <option key={d} value={d} />)}</datalist>
      {items.length === 1 && items[0]!.backup.database !== null && (
        <TargetName id="restore-database" label="Database name" value={items[0]!.target} existing={databases.data} sourceChosen={Boolean(draft.targetSourceId)}
          onChange={(name) => onChange({ ...draft, targets: { ...draft.targets, [items[0]!.backup.key]: name } })} />
      )}
      {items.length > 1 && (
        <fieldset className="grid gap-3">
          <legend className="mb-1 text-sm font-medium">Database names on the target</legend>
          {items.filter((c) => c.backup.database !== null).map(({ backup: b }) => (
            <TargetName key={b.key} id={`restore-database-${b.database}`} label={`Restore ${b.database} as`} value={draft.targets[b.key] ?? ''} existing={databases.data} sourceChosen={Boolean(draft.targetSourceId)}
              onChange={(name) => onChange({ ...draft, targets: { ...draft.targets, [b.key]: name } })} />
          ))}
        </fieldset>
      )}
      {databases.isError && <Alert variant="destructive">Could not list the databases on that server: {describeError(databases.error)}</Alert>}
    </div>
  );
}

function TargetName({ id, label, value, existing, sourceChosen, onChange }: { id: string; label: string; value: string; existing: string[] | undefined; sourceChosen: boolean; onChange(name: string): void }) {
  const exists = existing?.includes(value.trim());
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} list="restore-databases" value={value} onChange={(e) => onChange(e.target.value)} />
      <p className="text-xs text-muted-foreground">
        {!sourceChosen || !value.trim() ? 'Type a new name to restore next to the original, or pick an existing database.' : exists ? 'This database exists on the server.' : 'A new database: it will be created.'}
      </p>
    </div>
  );
}

/** The other databases the same run backed up, to restore together (each into its own name). */
function RunDatabases({ draft, onChange, run }: StepProps & { run: StoredBackup[] }) {
  if (run.length < 2) return null;
  const choose = (keys: string[]) => {
    const targets = { ...draft.targets };
    for (const b of run) if (keys.includes(b.key) && targets[b.key] === undefined) targets[b.key] = b.database ?? '';
    onChange({ ...draft, keys: run.filter((b) => keys.includes(b.key)).map((b) => b.key), targets, tables: keys.length > 1 ? null : draft.tables });
  };
  return (
    <CheckboxList legend={`Databases backed up by this run (${run.length})`} selected={draft.keys} onChange={choose}
      options={run.map((b) => ({ value: b.key, label: b.database ?? b.source.name, hint: formatBytes(b.storedSize) }))} />
  );
}

/** Step 3: everything, or only some tables (listed from the backup itself). */
export function StepTables({ draft, onChange, destinationId }: StepProps & { destinationId: string }) {
  if (draft.keys.length > 1) return <Alert>Several databases are restored together: each is restored whole. To restore only some tables, restore one database at a time.</Alert>;
  return <TablePicker draft={draft} onChange={onChange} destinationId={destinationId} />;
}

function TablePicker({ draft, onChange, destinationId }: StepProps & { destinationId: string }) {
  const headers = { 'x-lifeboat-age-identity': draft.identity.trim() || undefined, 'x-lifeboat-age-passphrase': draft.passphrase || undefined };
  const tables = useQuery({
    queryKey: ['backup-tables', destinationId, draft.key],
    retry: false,
    staleTime: Infinity,
    queryFn: () => unwrap(api.GET('/api/v1/destinations/{id}/backups/tables', { params: { path: { id: destinationId }, query: { key: draft.key }, header: headers as never } })),
  });
  if (tables.isPending) return <Skeleton className="h-32" aria-label="Reading the tables in the backup" />;
  if (tables.isError) return <Alert>Table selection is not available for this backup ({describeError(tables.error)}). The whole backup is restored.</Alert>;
  const all = tables.data.tables.map((t) => t.name);
  return (
    <div className="grid gap-3">
      <div className="flex gap-4 text-sm" role="radiogroup" aria-label="What to restore">
        <label className="flex items-center gap-2"><input type="radio" className="accent-[var(--primary)]" checked={draft.tables === null} onChange={() => onChange({ ...draft, tables: null })} /> All tables ({all.length})</label>
        <label className="flex items-center gap-2"><input type="radio" className="accent-[var(--primary)]" checked={draft.tables !== null} onChange={() => onChange({ ...draft, tables: [] })} /> Only some tables</label>
      </div>
      {draft.tables !== null && (
        <div className="max-h-64 overflow-auto pr-1">
          <CheckboxList legend="Tables to restore" options={all.map((name) => ({ value: name, label: name }))} selected={draft.tables} onChange={(next) => onChange({ ...draft, tables: next })} />
        </div>
      )}
    </div>
  );
}
