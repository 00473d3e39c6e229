import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api, describeError, unwrap, type Schemas } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { useCan, useSession } from '../auth/session';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { CheckboxList } from '../jobs/checkbox-list';
import { GroupsPanel } from './groups-panel';
import { Section } from './section';

type User = Schemas['User'];

/** Accounts and the groups that give them permissions. */
export function UsersSection() {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/api/v1/users')) });
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => unwrap(api.GET('/api/v1/groups')) });
  const done = () => client.invalidateQueries({ queryKey: ['users'] });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })), onSuccess: done });
  const [dialog, setDialog] = useState<{ type: 'edit'; user?: User } | { type: 'delete'; user: User }>();
  const canWrite = useCan()('users:write');
  const me = useSession().data?.me?.userId;
  const groupName = (id: string) => groups.data?.find((g) => g.id === id)?.name ?? id;
  return (
    <Section title="Users and groups" description="Who can sign in, and what their groups allow. Built-in groups: administrator, operator (runs and restores), viewer (reads)."
      action={canWrite && <Button onClick={() => setDialog({ type: 'edit' })}><Plus aria-hidden /> Add user</Button>}>
      <QueryState query={users} what="users">
        {(items) => (
          <div className="rounded-lg border bg-card">
            <Table aria-label="Users">
              <TableHeader><TableRow><TableHead>User</TableHead><TableHead>Groups</TableHead><TableHead>Sign-in</TableHead><TableHead>Created</TableHead><TableHead className="w-px"><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
              <TableBody>
                {items.map((u) => (
                  <TableRow key={u.id}>
                    <TableCell><span className="font-medium">{u.name || u.email}</span><span className="block text-xs text-muted-foreground">{u.email}</span></TableCell>
                    <TableCell><div className="flex flex-wrap gap-1">{u.groups.map((g) => <Badge key={g} variant="secondary">{groupName(g)}</Badge>)}</div></TableCell>
                    <TableCell className="text-xs">{[u.passwordLogin && 'password', ...u.ssoProviders].filter(Boolean).join(', ') || '—'}{u.twoFactorEnabled && <Badge variant="success" className="ml-1">2FA</Badge>}</TableCell>
                    <TableCell className="whitespace-nowrap text-xs">{formatDateTime(u.createdAt)}</TableCell>
                    <TableCell className="whitespace-nowrap">
                      {canWrite && <Button variant="ghost" size="icon" aria-label={`Edit ${u.email}`} onClick={() => setDialog({ type: 'edit', user: u })}><Pencil aria-hidden /></Button>}
                      {canWrite && u.id !== me && <Button variant="ghost" size="icon" aria-label={`Delete ${u.email}`} onClick={() => setDialog({ type: 'delete', user: u })}><Trash2 aria-hidden /></Button>}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </QueryState>
      {groups.data && <GroupsPanel groups={groups.data} canWrite={canWrite} />}
      {dialog?.type === 'edit' && <UserDialog user={dialog.user} groups={groups.data ?? []} onDone={done} onClose={() => setDialog(undefined)} />}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete ${dialog.user.email}?`} confirmLabel="Delete user" onConfirm={() => remove.mutateAsync(dialog.user.id)} onClose={() => setDialog(undefined)}>
          They are signed out everywhere and their API tokens stop working.
        </ConfirmDialog>
      )}
    </Section>
  );
}

/** A new user (e-mail, password, groups), or an existing one's name and groups. */
function UserDialog({ user, groups, onDone, onClose }: { user?: User; groups: Schemas['Group'][]; onDone(): void; onClose(): void }) {
  const [form, setForm] = useState({ email: user?.email ?? '', name: user?.name ?? '', password: '' });
  const [chosen, setChosen] = useState<string[]>(user?.groups ?? []);
  const [failure, setFailure] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      if (user) await unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { name: form.name.trim(), groups: chosen } }));
      else await unwrap(api.POST('/api/v1/users', { body: { email: form.email.trim(), name: form.name.trim() || undefined, password: form.password || undefined, groups: chosen } }));
      onDone();
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form className="grid gap-4" onSubmit={submit}>
          <DialogHeader><DialogTitle>{user ? `Edit ${user.email}` : 'Add a user'}</DialogTitle></DialogHeader>
          {(user ? (['name'] as const) : (['email', 'name', 'password'] as const)).map((key) => (
            <div key={key} className="grid gap-1.5">
              <Label htmlFor={`user-${key}`}>{key === 'email' ? 'Email' : key === 'name' ? 'Name' : 'Password (leave empty for SSO-only)'}</Label>
              <Input id={`user-${key}`} type={key === 'password' ? 'password' : key === 'email' ? 'email' : 'text'} autoComplete="off" value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
            </div>
          ))}
          <CheckboxList legend="Groups" options={groups.map((g) => ({ value: g.id, label: g.name }))} selected={chosen} onChange={setChosen} />
          {failure && <Alert variant="destructive">{failure}</Alert>}
          <DialogFooter><Button variant="outline" onClick={onClose}>Cancel</Button><Button type="submit">{user ? 'Save user' : 'Add user'}</Button></DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
