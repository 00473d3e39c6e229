import { HardDrive, Plus } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { QueryState } from '../../components/layout/query-state';
import { Button } from '../../components/ui/button';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { ConfiguredFormDialog } from '../configured/configured-form-dialog';
import { ConfiguredTable } from '../configured/configured-table';
import { useConnectionTests } from '../configured/use-connection-tests';
import { formatDateTime } from '../../lib/format';
import { testDestination, useDeleteDestination, useDestinationKinds, useDestinations, useSaveDestination, type Destination } from './hooks';

type Dialogs = { type: 'create' } | { type: 'edit'; destination: Destination } | { type: 'delete'; destination: Destination };

export function DestinationsPage() {
  const destinations = useDestinations();
  const kinds = useDestinationKinds();
  const save = useSaveDestination();
  const remove = useDeleteDestination();
  const { tests, test } = useConnectionTests(testDestination);
  const [dialog, setDialog] = useState<Dialogs>();
  const canWrite = useCan()('destinations:write');
  const close = () => setDialog(undefined);
  const add = canWrite && (
    <Button onClick={() => setDialog({ type: 'create' })} disabled={!kinds.data}>
      <Plus aria-hidden /> Add destination
    </Button>
  );

  return (
    <>
      <PageHeader title="Destinations" description="Where backups are stored. Storage is the source of truth: backups stay there even if Lifeboat is reinstalled." actions={destinations.data?.length && add ? add : undefined} />
      <QueryState query={destinations} what="destinations">
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon={HardDrive} title="No destinations yet" action={add || undefined}>
              A destination is where backups go: a local folder, S3-compatible storage, SFTP, WebDAV or FTP. Add one and test that Lifeboat can write to it.
            </EmptyState>
          ) : (
            <ConfiguredTable
              noun="destination"
              items={items}
              kinds={kinds.data ?? []}
              columns={[{ header: 'Added', cell: (d) => <span className="text-muted-foreground">{formatDateTime(d.createdAt)}</span> }]}
              tests={tests}
              onTest={(d) => void test(d.id)}
              onEdit={canWrite ? (d) => setDialog({ type: 'edit', destination: d }) : undefined}
              onDelete={canWrite ? (d) => setDialog({ type: 'delete', destination: d }) : undefined}
            />
          )
        }
      </QueryState>
      {(dialog?.type === 'create' || dialog?.type === 'edit') && kinds.data && (
        <ConfiguredFormDialog
          noun="destination"
          kinds={kinds.data}
          item={dialog.type === 'edit' ? dialog.destination : undefined}
          onSubmit={(body) => save.mutateAsync({ id: dialog.type === 'edit' ? dialog.destination.id : undefined, body })}
          onClose={close}
        />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete destination “${dialog.destination.name}”?`} confirmLabel="Delete destination" onConfirm={() => remove.mutateAsync(dialog.destination.id)} onClose={close}>
          Lifeboat forgets this destination; the files already stored there are not deleted.
        </ConfirmDialog>
      )}
    </>
  );
}
