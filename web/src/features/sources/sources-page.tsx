import { Database, Plus } from 'lucide-react';
import { useState } from 'react';
import { EmptyState } from '../../components/layout/empty-state';
import { PageHeader } from '../../components/layout/page-header';
import { QueryState } from '../../components/layout/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { ConfiguredFormDialog } from '../configured/configured-form-dialog';
import { ConfiguredTable } from '../configured/configured-table';
import { useConnectionTests } from '../configured/use-connection-tests';
import { DatabasesDialog } from './databases-dialog';
import { testSource, useDeleteSource, useSaveSource, useSourceKinds, useSources, type Source } from './hooks';

type Dialogs = { type: 'create' } | { type: 'edit'; source: Source } | { type: 'delete'; source: Source } | { type: 'databases'; source: Source };

export function SourcesPage() {
  const sources = useSources();
  const kinds = useSourceKinds();
  const save = useSaveSource();
  const remove = useDeleteSource();
  const { tests, test } = useConnectionTests(testSource);
  const [dialog, setDialog] = useState<Dialogs>();
  const canWrite = useCan()('sources:write');
  const close = () => setDialog(undefined);
  const add = canWrite && (
    <Button onClick={() => setDialog({ type: 'create' })} disabled={!kinds.data}>
      <Plus aria-hidden /> Add source
    </Button>
  );

  return (
    <>
      <PageHeader title="Sources" description="The databases Lifeboat backs up." actions={sources.data?.length && add ? add : undefined} />
      <QueryState query={sources} what="sources">
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon={Database} title="No sources yet" action={add || undefined}>
              A source is a database server Lifeboat can reach, such as PostgreSQL or MariaDB. Add one, test the connection, then create a job that backs it up.
            </EmptyState>
          ) : (
            <ConfiguredTable
              noun="source"
              items={items}
              kinds={kinds.data ?? []}
              columns={[
                { header: 'Engine', cell: (s) => s.engine },
                { header: 'Environment', cell: (s) => (s.environment ? <Badge variant="outline">{s.environment}</Badge> : <span className="text-muted-foreground">—</span>) },
              ]}
              tests={tests}
              onTest={(s) => void test(s.id)}
              onEdit={canWrite ? (s) => setDialog({ type: 'edit', source: s }) : undefined}
              onDelete={canWrite ? (s) => setDialog({ type: 'delete', source: s }) : undefined}
              rowActions={(s) => (
                <Button variant="ghost" size="sm" onClick={() => setDialog({ type: 'databases', source: s })} aria-label={`Databases on ${s.name}`}>
                  Databases
                </Button>
              )}
            />
          )
        }
      </QueryState>
      {(dialog?.type === 'create' || dialog?.type === 'edit') && kinds.data && (
        <ConfiguredFormDialog
          noun="source"
          kinds={kinds.data}
          item={dialog.type === 'edit' ? dialog.source : undefined}
          withEnvironment
          onSubmit={(body) => save.mutateAsync({ id: dialog.type === 'edit' ? dialog.source.id : undefined, body })}
          onClose={close}
        />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete source “${dialog.source.name}”?`} confirmLabel="Delete source" onConfirm={() => remove.mutateAsync(dialog.source.id)} onClose={close}>
          Its stored backups stay in their destinations and can still be restored. Jobs that use it stop working.
        </ConfirmDialog>
      )}
      {dialog?.type === 'databases' && <DatabasesDialog source={dialog.source} onClose={close} />}
    </>
  );
}
