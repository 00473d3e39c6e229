import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bell, Plus } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { EmptyState } from '../../components/layout/empty-state';
import { QueryState } from '../../components/layout/query-state';
import { Button } from '../../components/ui/button';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { ConfiguredFormDialog } from '../configured/configured-form-dialog';
import { ConfiguredTable } from '../configured/configured-table';
import type { ConfiguredBody, ConfiguredItem } from '../configured/types';
import { useConnectionTests } from '../configured/use-connection-tests';
import { Section } from './section';
import { SystemNotificationsCard } from './system-notifications-card';

async function sendTest(id: string): Promise<string> {
  const result = await unwrap(api.POST('/api/v1/notification-channels/{id}/test', { params: { path: { id } } }));
  if (!result.ok) throw new Error(result.error ?? 'The test notification was not delivered');
  return 'Test notification delivered';
}

/** Channels are generated from each notifier's config schema, like sources and destinations. */
export function NotificationsSection() {
  const client = useQueryClient();
  const channels = useQuery({ queryKey: ['notification-channels'], queryFn: () => unwrap(api.GET('/api/v1/notification-channels')) });
  const kinds = useQuery({ queryKey: ['notification-kinds'], staleTime: 300_000, queryFn: () => unwrap(api.GET('/api/v1/notification-kinds')) });
  const done = () => client.invalidateQueries({ queryKey: ['notification-channels'] });
  const save = useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ConfiguredBody }) =>
      id ? unwrap(api.PATCH('/api/v1/notification-channels/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/notification-channels', { body })),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/notification-channels/{id}', { params: { path: { id } } })), onSuccess: done });
  const { tests, test } = useConnectionTests(sendTest);
  const [dialog, setDialog] = useState<{ type: 'edit'; item?: ConfiguredItem } | { type: 'delete'; item: ConfiguredItem }>();
  const can = useCan();
  const canWrite = can('notifications:write');
  const add = canWrite && <Button onClick={() => setDialog({ type: 'edit' })} disabled={!kinds.data}><Plus aria-hidden /> Add channel</Button>;
  return (
    <Section title="Notifications" description="Where Lifeboat reports failed (or every) backup: e-mail, chat and webhooks. Jobs choose which channels to use." action={add || undefined}>
      <QueryState query={channels} what="notification channels">
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon={Bell} title="No notification channels yet">Add a channel, send a test, then pick it in a job's notification step.</EmptyState>
          ) : (
            <ConfiguredTable noun="channel" items={items} kinds={kinds.data ?? []} tests={tests} onTest={(c) => void test(c.id)}
              onEdit={canWrite ? (item) => setDialog({ type: 'edit', item }) : undefined} onDelete={canWrite ? (item) => setDialog({ type: 'delete', item }) : undefined} />
          )
        }
      </QueryState>
      {dialog?.type === 'edit' && kinds.data && (
        <ConfiguredFormDialog noun="channel" kinds={kinds.data} item={dialog.item} onSubmit={(body) => save.mutateAsync({ id: dialog.item?.id, body })} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete channel “${dialog.item.name}”?`} confirmLabel="Delete channel" onConfirm={() => remove.mutateAsync(dialog.item.id)} onClose={() => setDialog(undefined)}>
          Jobs that notify through it stop doing so.
        </ConfirmDialog>
      )}
      {can('settings:read') && <SystemNotificationsCard />}
    </Section>
  );
}
