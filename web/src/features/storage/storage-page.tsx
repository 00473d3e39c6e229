import { Link } from '@tanstack/react-router';
import { Archive, RefreshCw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { describeError } from '../../api/client';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { formatBytes } from '../../lib/format';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { useDestinations } from '../destinations/hooks';
import { ExecutionDetail } from '../executions/execution-detail';
import { FacetFilter, type FacetOption } from '../executions/facet-filter';
import type { Execution } from '../executions/hooks';
import { RestoreWizard } from '../restore/restore-wizard';
import { BackupsTable, backupLabel } from './backups-table';
import { NO_FILTERS, useBackupActions, useStorageTotals, useStoredBackups, type BackupFilters, type StoredBackup } from './hooks';
import { OrphansList } from './orphans-list';

type Dialogs = { type: 'restore'; backup: StoredBackup } | { type: 'delete'; key: string; label: string } | { type: 'verify'; execution: Execution; label: string };

/** The storage explorer: what each destination really holds, read from storage, not from Lifeboat's database. */
export function StoragePage() {
  const destinations = useDestinations();
  const [destinationId, setDestinationId] = useState<string>();
  useEffect(() => {
    if (!destinationId && destinations.data?.[0]) setDestinationId(destinations.data[0].id);
  }, [destinationId, destinations.data]);

  return (
    <>
      <PageHeader
        title="Storage"
        description="Backups as each destination holds them, read from storage itself: they stay restorable even without Lifeboat's own database."
        actions={
          destinations.data && destinations.data.length > 0 && (
            <Select value={destinationId} onValueChange={setDestinationId}>
              <SelectTrigger className="w-64" aria-label="Destination"><SelectValue placeholder="Choose a destination" /></SelectTrigger>
              <SelectContent>
                {destinations.data.map((d) => <SelectItem key={d.id} value={d.id}>{d.name}</SelectItem>)}
              </SelectContent>
            </Select>
          )
        }
      />
      <QueryState query={destinations} what="destinations">
        {(list) =>
          list.length === 0 ? (
            <EmptyState icon={Archive} title="No destinations yet" action={<Button asChild><Link to="/destinations">Add a destination</Link></Button>}>
              Backups live in destinations: a folder, S3, SFTP and more. Add one, then run a job to fill it.
            </EmptyState>
          ) : destinationId ? (
            <DestinationBackups key={destinationId} destinationId={destinationId} />
          ) : null
        }
      </QueryState>
    </>
  );
}

function DestinationBackups({ destinationId }: { destinationId: string }) {
  const [filters, setFilters] = useState<BackupFilters>(NO_FILTERS);
  const [refreshToken, setRefreshToken] = useState(0);
  const [dialog, setDialog] = useState<Dialogs>();
  const [failure, setFailure] = useState<string>();
  const backups = useStoredBackups(destinationId, filters, refreshToken);
  const totals = useStorageTotals(destinationId);
  const { remove, lock, unlock, verify } = useBackupActions(destinationId);
  const can = useCan();
  const facets = backups.data?.facets;
  const options = (list: { value: string | null; label?: string; count: number }[] | undefined, empty: string): FacetOption[] =>
    (list ?? []).map((f) => ({ value: f.value ?? '', label: f.label ?? (f.value || empty), count: f.count }));
  const set = (key: keyof BackupFilters) => (next: string[]) => setFilters({ ...filters, [key]: next });
  const filtered = Object.values(filters).some((v) => v.length > 0);
  const startVerify = (b: StoredBackup) =>
    verify.mutateAsync(b.key).then((execution) => setDialog({ type: 'verify', execution, label: backupLabel(b) }), (e) => setFailure(describeError(e)));
  const toggleLock = (b: StoredBackup) => (b.locked ? unlock : lock).mutateAsync(b.key).catch((e) => setFailure(describeError(e)));

  return (
    <>
      <div className="mb-3 flex flex-wrap items-center gap-2" role="toolbar" aria-label="Filters">
        <FacetFilter title="Engine" options={options(facets?.engine, 'unknown')} selected={filters.engine} onChange={set('engine')} />
        <FacetFilter title="Source" options={options(facets?.source, 'unknown')} selected={filters.source} onChange={set('source')} />
        <FacetFilter title="Job" options={options(facets?.job, 'no job')} selected={filters.job} onChange={set('job')} />
        <FacetFilter title="Database" options={options(facets?.database, 'whole server')} selected={filters.database} onChange={set('database')} />
        {filtered && <Button variant="ghost" size="sm" onClick={() => setFilters(NO_FILTERS)}>Reset filters</Button>}
        <span className="ml-auto text-sm text-muted-foreground" aria-live="polite">
          {totals.data && `${totals.data.count} backup${totals.data.count === 1 ? '' : 's'} · ${formatBytes(totals.data.bytes)}`}
        </span>
        <Button variant="outline" size="sm" onClick={() => setRefreshToken((t) => t + 1)} disabled={backups.isFetching}>
          <RefreshCw aria-hidden className={backups.isFetching ? 'animate-spin' : undefined} /> Re-read storage
        </Button>
      </div>
      {failure && <Alert variant="destructive" className="mb-3">{failure}</Alert>}
      <QueryState query={backups} what="backups from storage">
        {(data) => (
          <>
            {data.problems.length > 0 && (
              <Alert variant="destructive" className="mb-3" title={`${data.problems.length} sidecar(s) could not be read`}>
                {data.problems.slice(0, 3).map((p) => `${p.key}: ${p.error}`).join('; ')}
              </Alert>
            )}
            {data.items.length === 0 ? (
              <EmptyState icon={Archive} title={filtered ? 'No backup matches these filters' : 'No backups here yet'}>
                {filtered ? 'Clear a filter to see more backups.' : 'Backups appear here once a job that writes to this destination has run. Run one from the Jobs page.'}
              </EmptyState>
            ) : (
              <BackupsTable
                destinationId={destinationId}
                items={data.items}
                actions={{
                  canRestore: can('restore:execute'),
                  canWrite: can('backups:write'),
                  canVerify: can('backups:execute'),
                  onVerify: (b) => void startVerify(b),
                  onRestore: (backup) => setDialog({ type: 'restore', backup }),
                  onDelete: (b) => setDialog({ type: 'delete', key: b.key, label: backupLabel(b) }),
                  onToggleLock: (b) => void toggleLock(b),
                }}
              />
            )}
            <OrphansList destinationId={destinationId} orphans={data.orphans} canWrite={can('backups:write')} onDelete={(key) => setDialog({ type: 'delete', key, label: key })} />
          </>
        )}
      </QueryState>
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete “${dialog.label}”?`} confirmLabel="Delete from storage" onConfirm={() => remove.mutateAsync(dialog.key)} onClose={() => setDialog(undefined)}>
          The file is removed from the destination for good. It cannot be restored afterwards.
        </ConfirmDialog>
      )}
      {dialog?.type === 'verify' && <ExecutionDetail initial={dialog.execution} title={`Verify ${dialog.label}`} onClose={() => setDialog(undefined)} />}
      {dialog?.type === 'restore' && <RestoreWizard destinationId={destinationId} backup={dialog.backup} onClose={() => setDialog(undefined)} />}
    </>
  );
}
