import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api, describeError, unwrap, type Schemas } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { ConfirmDialog } from '../configured/confirm-dialog';
import { PermissionMatrix } from './permission-matrix';

type Group = Schemas['Group'];

/** Built-in groups (read-only) and custom groups with their own permissions. */
export function GroupsPanel({ groups, canWrite }: { groups: Group[]; canWrite: boolean }) {
  const client = useQueryClient();
  const catalog = useQuery({ queryKey: ['permissions'], staleTime: Infinity, queryFn: () => unwrap(api.GET('/api/v1/permissions')) });
  const done = () => Promise.all([client.invalidateQueries({ queryKey: ['groups'] }), client.invalidateQueries({ queryKey: ['users'] })]);
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/groups/{id}', { params: { path: { id } } })), onSuccess: done });
  const [dialog, setDialog] = useState<{ type: 'edit'; group?: Group } | { type: 'delete'; group: Group }>();
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Groups</h3>
        {canWrite && <Button size="sm" variant="outline" onClick={() => setDialog({ type: 'edit' })} disabled={!catalog.data}><Plus aria-hidden /> New group</Button>}
      </div>
      <ul className="grid gap-1.5 sm:grid-cols-3" aria-label="Groups">
        {groups.map((g) => (
          <li key={g.id} className="flex items-start gap-2 rounded-md border bg-card px-3 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <span className="font-medium">{g.name}</span> {g.builtIn && <Badge variant="outline">built-in</Badge>}
              <span className="block text-xs text-muted-foreground">{g.description || `${g.permissions.length} permissions`}</span>
            </div>
            <Button variant="ghost" size="icon" aria-label={`${g.builtIn || !canWrite ? 'View' : 'Edit'} group ${g.name}`} onClick={() => setDialog({ type: 'edit', group: g })} disabled={!catalog.data}><Pencil aria-hidden /></Button>
            {canWrite && !g.builtIn && <Button variant="ghost" size="icon" aria-label={`Delete group ${g.name}`} onClick={() => setDialog({ type: 'delete', group: g })}><Trash2 aria-hidden /></Button>}
          </li>
        ))}
      </ul>
      {dialog?.type === 'edit' && catalog.data && (
        <GroupDialog group={dialog.group} catalog={catalog.data} readOnly={!canWrite || Boolean(dialog.group?.builtIn)} onDone={done} onClose={() => setDialog(undefined)} />
      )}
      {dialog?.type === 'delete' && (
        <ConfirmDialog title={`Delete group “${dialog.group.name}”?`} confirmLabel="Delete group" onConfirm={() => remove.mutateAsync(dialog.group.id)} onClose={() => setDialog(undefined)}>
          Its members lose the permissions it gave them; SSO mappings to it stop applying.
        </ConfirmDialog>
      )}
    </div>
  );
}

function GroupDialog({ group, catalog, readOnly, onDone, onClose }: { group?: Group; catalog: Schemas['PermissionCatalog']; readOnly: boolean; onDone(): Promise<unknown>; onClose(): void }) {
  const [form, setForm] = useState({ name: group?.name ?? '', description: group?.description ?? '', permissions: group?.permissions ?? [] });
  const [failure, setFailure] = useState<string>();
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    const body = { name: form.name.trim(), description: form.description.trim(), permissions: form.permissions };
    try {
      await unwrap(group ? api.PATCH('/api/v1/groups/{id}', { params: { path: { id: group.id } }, body }) : api.POST('/api/v1/groups', { body }));
      await onDone();
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  const startFrom = (name: string) => setForm({ ...form, permissions: catalog.builtInGroups[name] ?? [] });
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form className="grid gap-4" onSubmit={submit}>
          <DialogHeader>
            <DialogTitle>{group ? (readOnly ? `Group “${group.name}”` : `Edit group “${group.name}”`) : 'New group'}</DialogTitle>
            <DialogDescription>{group?.builtIn ? 'Built-in groups cannot be changed: create a custom group to give other permissions.' : 'Members get every permission ticked here, on top of their other groups.'}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="group-name">Group name</Label>
              <Input id="group-name" value={form.name} disabled={readOnly} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="group-description">Description</Label>
              <Input id="group-description" value={form.description} disabled={readOnly} onChange={(e) => setForm({ ...form, description: e.target.value })} />
            </div>
          </div>
          {!readOnly && (
            <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
              Start from:
              {Object.keys(catalog.builtInGroups).map((name) => <Button key={name} size="sm" variant="outline" onClick={() => startFrom(name)}>{name}</Button>)}
            </div>
          )}
          <PermissionMatrix catalog={catalog} selected={form.permissions} onChange={(permissions) => setForm({ ...form, permissions })} disabled={readOnly} />
          {failure && <Alert variant="destructive" title="The group was not saved">{failure}</Alert>}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>{readOnly ? 'Close' : 'Cancel'}</Button>
            {!readOnly && <Button type="submit">{group ? 'Save group' : 'Create group'}</Button>}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
