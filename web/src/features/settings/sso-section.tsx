import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { EmptyState } from '../../components/layout/empty-state';
import { QueryState } from '../../components/layout/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { Section } from './section';
import { SsoProviderDialog } from './sso-provider-dialog';

type Provider = Schemas['SsoProvider'];

/** OpenID Connect providers: each gets a "Sign in with …" button on the sign-in page. */
export function SsoSection() {
  const client = useQueryClient();
  const can = useCan();
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => unwrap(api.GET('/api/v1/sso/providers')) });
  const presets = useQuery({ queryKey: ['sso-presets'], staleTime: Infinity, queryFn: () => unwrap(api.GET('/api/v1/sso/presets')) });
  const groups = useQuery({ queryKey: ['groups'], enabled: can('users:read'), queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  const done = () => client.invalidateQueries({ queryKey: ['sso-providers'] });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/sso/providers/{id}', { params: { path: { id } } })), onSuccess: done });
  const [dialog, setDialog] = useState<{ type: 'edit'; provider?: Provider } | { type: 'delete'; provider: Provider }>();
  const canWrite = can('sso:write');
  const add = canWrite && <Button onClick={() => setDialog({ type: 'edit' })} disabled={!presets.data}><Plus aria-hidden /> Add provider</Button>;
  return (
    <Section title="Single sign-on" description="Sign in through your identity provider (OpenID Connect); its groups can map to Lifeboat groups." action={add || undefined}>
      <QueryState query={providers} what="SSO providers">
        {(items) => items.length === 0 ? <EmptyState icon={KeyRound} title="No providers">People sign in with e-mail and password. Add a provider to offer “Sign in with …”.</EmptyState> : (
          <div className="rounded-lg border bg-card">
            <Table aria-label="SSO providers">
              <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Issuer</TableHead><TableHead>Groups</TableHead><TableHead>Status</TableHead><TableHead className="w-px"><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
              <TableBody>
                {items.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell className="font-medium">{p.name}</TableCell>
                    <TableCell className="font-mono text-xs">{p.issuer}</TableCell>
                    <TableCell className="text-xs">{p.groupsClaim ? `from “${p.groupsClaim}”, ${Object.keys(p.groupMapping).length} mapped` : 'not mapped'}</TableCell>
                    <TableCell><Badge variant={p.enabled ? 'success' : 'secondary'}>{p.enabled ? 'enabled' : 'disabled'}</Badge></TableCell>
                    <TableCell className="whitespace-nowrap">
                      {canWrite && <Button variant="ghost" size="icon" aria-label={`Edit ${p.name}`} onClick={() => setDialog({ type: 'edit', provider: p })} disabled={!presets.data}><Pencil aria-hidden /></Button>}
                      {canWrite && <Button variant="ghost" size="icon" aria-label={`Remove ${p.name}`} onClick={() => setDialog({ type: 'delete', provider: p })}><Trash2 aria-hidden /></Button>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </QueryState>
      {dialog?.type === 'edit' && presets.data && (
        <SsoProviderDialog provider={dialog.provider} presets={presets.data} groups={groups.data ?? []} onDone={done} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Remove “${dialog.provider.name}”?`} confirmLabel="Remove provider" onConfirm={() => remove.mutateAsync(dialog.provider.id)} onClose={() => setDialog(undefined)}>
          Its sign-in button disappears. Accounts stay; people who only signed in through it need a password or another provider.
        </ConfirmDialog>
      )}
    </Section>
  );
}
