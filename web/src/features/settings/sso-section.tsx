import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { api, describeError, unwrap } from '../../api/client';
import { QueryState } from '../../components/layout/query-state';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '../../components/ui/table';
import { useCan } from '../auth/session';
import { Section } from './section';

const EMPTY = { name: '', preset: 'generic', issuer: '', clientId: '', clientSecret: '' };

/** OpenID Connect providers: each gets a "Sign in with …" button on the sign-in page. */
export function SsoSection() {
  const client = useQueryClient();
  const providers = useQuery({ queryKey: ['sso-providers'], queryFn: () => unwrap(api.GET('/api/v1/sso/providers')) });
  const presets = useQuery({ queryKey: ['sso-presets'], staleTime: Infinity, queryFn: () => unwrap(api.GET('/api/v1/sso/presets')) });
  const done = () => client.invalidateQueries({ queryKey: ['sso-providers'] });
  const remove = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/sso/providers/{id}', { params: { path: { id } } })), onSuccess: done });
  const [form, setForm] = useState(EMPTY);
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string>();
  const canWrite = useCan()('sso:write');
  const preset = presets.data?.find((p) => p.id === form.preset);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      await unwrap(api.POST('/api/v1/sso/providers', { body: { ...form, preset: form.preset as never, clientSecret: form.clientSecret || undefined } as never }));
      setForm(EMPTY);
      setOpen(false);
      await done();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  const field = (key: 'name' | 'issuer' | 'clientId' | 'clientSecret', label: string, hint?: string) => (
    <div className="grid gap-1.5">
      <Label htmlFor={`sso-${key}`}>{label}</Label>
      <Input id={`sso-${key}`} type={key === 'clientSecret' ? 'password' : 'text'} autoComplete="off" placeholder={hint} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );
  return (
    <Section title="Single sign-on" description={`Sign in through your identity provider (OpenID Connect). Register ${window.location.origin}/api/v1/sso/providers/<id>/callback as the redirect URL.`}
      action={canWrite && !open && <Button onClick={() => setOpen(true)}><Plus aria-hidden /> Add provider</Button>}>
      {open && (
        <form className="grid gap-3 rounded-lg border bg-card p-4 sm:grid-cols-2" onSubmit={submit}>
          {field('name', 'Button label', 'e.g. Company SSO')}
          <div className="grid gap-1.5">
            <Label htmlFor="sso-preset">Provider</Label>
            <Select value={form.preset} onValueChange={(value) => setForm({ ...form, preset: value })}>
              <SelectTrigger id="sso-preset"><SelectValue /></SelectTrigger>
              <SelectContent>{(presets.data ?? []).map((p) => <SelectItem key={p.id} value={p.id}>{p.label}</SelectItem>)}</SelectContent>
            </Select>
          </div>
          {field('issuer', 'Issuer URL', preset?.issuerHint)}
          {field('clientId', 'Client ID')}
          {field('clientSecret', 'Client secret')}
          {preset?.note && <p className="self-end text-xs text-muted-foreground">{preset.note}</p>}
          {failure && <Alert variant="destructive" className="sm:col-span-2">{failure}</Alert>}
          <div className="flex justify-end gap-2 sm:col-span-2">
            <Button variant="outline" onClick={() => setOpen(false)}>Cancel</Button>
            <Button type="submit">Add provider</Button>
          </div>
        </form>
      )}
      <QueryState query={providers} what="SSO providers">
        {(items) => items.length === 0 ? <p className="text-sm text-muted-foreground">No providers: people sign in with e-mail and password.</p> : (
          <div className="rounded-lg border bg-card">
            <Table aria-label="SSO providers">
              <TableHeader><TableRow><TableHead>Name</TableHead><TableHead>Issuer</TableHead><TableHead>Status</TableHead><TableHead className="w-px"><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
              <TableBody>
                {items.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell className="font-medium">{p.name}</TableCell>
                    <TableCell className="font-mono text-xs">{p.issuer}</TableCell>
                    <TableCell><Badge variant={p.enabled ? 'success' : 'secondary'}>{p.enabled ? 'enabled' : 'disabled'}</Badge></TableCell>
                    <TableCell>{canWrite && <Button variant="ghost" size="icon" aria-label={`Remove ${p.name}`} onClick={() => remove.mutate(p.id)}><Trash2 aria-hidden /></Button>}</TableCell>
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
