import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { api, describeError, unwrap } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';
import { useCan, useSession } from '../auth/session';
import { Section } from './section';

/** API tokens act with a subset of their owner's permissions; the secret is shown once, at creation. */
export function TokensSection() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => unwrap(api.GET('/api/v1/tokens', { params: { query: {} } })) });
  const done = () => client.invalidateQueries({ queryKey: ['tokens'] });
  const revoke = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })), onSuccess: done });
  const mine = useSession().data?.me?.permissions ?? [];
  const [name, setName] = useState('');
  const [readOnly, setReadOnly] = useState(true);
  const [created, setCreated] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const canWrite = useCan()('tokens:write');
  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const permissions = readOnly ? mine.filter((p) => p.endsWith(':read')) : mine;
      const result = await unwrap(api.POST('/api/v1/tokens', { body: { name: name.trim(), permissions } }));
      setCreated(result.token);
      setName('');
      await done();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  return (
    <Section title="API tokens" description="For scripts and monitoring: send the token as 'Authorization: Bearer …'. A token never has more permissions than you.">
      {canWrite && (
        <form className="flex flex-wrap items-end gap-3 rounded-lg border bg-card p-4" onSubmit={create}>
          <div className="grid min-w-56 flex-1 gap-1.5">
            <Label htmlFor="token-name">Token name</Label>
            <Input id="token-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. monitoring" />
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm"><input type="checkbox" className="size-4 accent-[var(--primary)]" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} /> Read-only</label>
          <Button type="submit" disabled={!name.trim()}><Plus aria-hidden /> Create token</Button>
        </form>
      )}
      {created && (
        <Alert variant="success" title="Copy this token now: it is not shown again">
          <code className="block break-all rounded bg-muted px-2 py-1 font-mono text-xs" aria-label="New token">{created}</code>
        </Alert>
      )}
      {failure && <Alert variant="destructive">{failure}</Alert>}
      <QueryState query={tokens} what="API tokens">
        {(items) => items.length === 0 ? <p className="text-sm text-muted-foreground">No tokens yet.</p> : (
          <div className="rounded-lg border bg-card">
            <Table aria-label="API tokens">
              <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Prefix</TableHead><TableHead>Permissions</TableHead><TableHead>Last used</TableHead><TableHead className="w-px"><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
              <TableBody>
                {items.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell className="font-medium">{t.name}</TableCell>
                    <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
                    <TableCell className="text-xs">{t.permissions.length} permissions</TableCell>
                    <TableCell className="text-xs">{t.lastUsedAt ? `${formatDateTime(t.lastUsedAt)} from ${t.lastUsedIp ?? '?'}` : 'never'}</TableCell>
                    <TableCell>{t.revokedAt ? <Badge variant="secondary">revoked</Badge> : canWrite && <Button variant="outline" size="sm" onClick={() => revoke.mutate(t.id)}>Revoke</Button>}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </QueryState>
    </Section>
  );
}
