import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, KeyRound, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { EmptyState } from '../../components/layout/empty-state';
import { QueryState } from '../../components/layout/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useCan } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { EncryptionDialog } from './encryption-dialog';
import { Section } from './section';

export type ProfileInput = paths['/api/v1/encryption-profiles']['post']['requestBody']['content']['application/json'];
type Profile = Schemas['EncryptionProfile'];
const KIND_LABEL: Record<Profile['kind'], string> = { generated: 'generated key', recipients: 'public key only', passphrase: 'passphrase' };

export function EncryptionSection() {
  const client = useQueryClient();
  const profiles = useQuery({ queryKey: ['encryption-profiles'], queryFn: () => unwrap(api.GET('/api/v1/encryption-profiles')) });
  const done = () => client.invalidateQueries({ queryKey: ['encryption-profiles'] });
  const create = useMutation({ mutationFn: (body: ProfileInput) => unwrap(api.POST('/api/v1/encryption-profiles', { body })), onSuccess: done });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/encryption-profiles/{id}', { params: { path: { id } } })), onSuccess: done });
  const [dialog, setDialog] = useState<{ type: 'create' } | { type: 'delete'; profile: Profile }>();
  const canWrite = useCan()('encryption:write');
  return (
    <Section title="Encryption" description="Profiles a job can encrypt its backups with. Keep each recovery kit somewhere safe: without the key, encrypted backups cannot be read."
      action={canWrite && <Button onClick={() => setDialog({ type: 'create' })}><Plus aria-hidden /> New profile</Button>}>
      <QueryState query={profiles} what="encryption profiles">
        {(items) =>
          items.length === 0 ? (
            <EmptyState icon={KeyRound} title="No encryption profiles yet">Create one, download its recovery kit, then choose it in a job's compression and encryption step.</EmptyState>
          ) : (
            <div className="rounded-lg border bg-card">
              <Table aria-label="Encryption profiles">
                <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Key</TableHead><TableHead>Recipients</TableHead><TableHead>Used by</TableHead><TableHead className="w-px"><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
                <TableBody>
                  {items.map((p) => (
                    <TableRow key={p.id}>
                      <TableCell className="font-medium">{p.name}</TableCell>
                      <TableCell><Badge variant="secondary">{KIND_LABEL[p.kind]}</Badge>{p.canDecrypt && <Badge variant="success" className="ml-1">can restore</Badge>}</TableCell>
                      <TableCell className="font-mono text-xs">{p.recipients.map((r) => r.fingerprint).join(', ') || '—'}</TableCell>
                      <TableCell>{p.usedBy.map((j) => j.name).join(', ') || <span className="text-muted-foreground">no job</span>}</TableCell>
                      <TableCell>
                        {canWrite && (
                          <div className="flex justify-end gap-1">
                            <Button variant="outline" size="sm" asChild>
                              <a href={`/api/v1/encryption-profiles/${encodeURIComponent(p.id)}/recovery-kit`} download><Download aria-hidden /> Recovery kit</a>
                            </Button>
                            <Button variant="ghost" size="icon" aria-label={`Delete ${p.name}`} onClick={() => setDialog({ type: 'delete', profile: p })}><Trash2 aria-hidden /></Button>
                          </div>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )
        }
      </QueryState>
      {dialog?.type === 'create' && <EncryptionDialog onSubmit={(input) => create.mutateAsync(input)} onClose={() => setDialog(undefined)} />}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete profile “${dialog.profile.name}”?`} confirmLabel="Delete profile" onConfirm={() => remove.mutateAsync(dialog.profile.id)} onClose={() => setDialog(undefined)}>
          Backups made with it stay encrypted. Without its recovery kit they cannot be read any more.
        </ConfirmDialog>
      )}
    </Section>
  );
}
