import { useState } from 'react';
import { api, describeError, unwrap, type Schemas } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Input, Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { CheckboxList } from '../jobs/checkbox-list';
import { EMPTY_SSO_FORM, ssoBody, ssoFormFrom, type SsoForm } from './sso-form';

type TextKey = 'name' | 'issuer' | 'clientId' | 'clientSecret' | 'scopes' | 'groupsClaim';

/** Add a provider, or change one (the client secret is kept unless a new one is typed). */
export function SsoProviderDialog({ provider, presets, groups, onDone, onClose }: {
  provider?: Schemas['SsoProvider']; presets: Schemas['SsoPreset'][]; groups: Schemas['Group'][]; onDone(): Promise<unknown>; onClose(): void;
}) {
  const [form, setForm] = useState<SsoForm>(() => (provider ? ssoFormFrom(provider, groups) : EMPTY_SSO_FORM));
  const [failure, setFailure] = useState<string>();
  const preset = presets.find((p) => p.id === form.preset);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const { body, problems } = ssoBody(form, groups, Boolean(provider));
    if (problems.length) return setFailure(`${problems.join('. ')}.`);
    try {
      await unwrap(provider
        ? api.PATCH('/api/v1/sso/providers/{id}', { params: { path: { id: provider.id } }, body: body as never })
        : api.POST('/api/v1/sso/providers', { body: body as never }));
      await onDone();
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    }
  };
  const field = (key: TextKey, label: string, placeholder?: string) => (
    <div className="grid gap-1.5">
      <Label htmlFor={`sso-${key}`}>{label}</Label>
      <Input id={`sso-${key}`} type={key === 'clientSecret' ? 'password' : 'text'} autoComplete="off" placeholder={placeholder} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form className="grid gap-4" onSubmit={submit}>
          <DialogHeader>
            <DialogTitle>{provider ? `Edit “${provider.name}”` : 'Add a single sign-on provider'}</DialogTitle>
            <DialogDescription>Redirect URL to register at the provider: {window.location.origin}{provider?.callbackPath ?? '/api/v1/sso/providers/<id>/callback'}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-3 sm:grid-cols-2">
            {field('name', 'Button label', 'e.g. Company SSO')}
            <div className="grid gap-1.5">
              <Label htmlFor="sso-preset">Provider</Label>
              <Select value={form.preset} onValueChange={(value) => setForm({ ...form, preset: value })}>
                <SelectTrigger id="sso-preset"><SelectValue /></SelectTrigger>
                <SelectContent>{presets.map((p) => <SelectItem key={p.id} value={p.id}>{p.label}</SelectItem>)}</SelectContent>
              </Select>
            </div>
            {field('issuer', 'Issuer URL', preset?.issuerHint)}
            {field('clientId', 'Client ID')}
            {field('clientSecret', provider?.hasClientSecret ? 'Client secret (empty keeps the stored one)' : 'Client secret')}
            {field('scopes', 'Scopes', preset?.scopes)}
            {field('groupsClaim', 'Groups claim (empty: no mapping)', preset?.groupsClaim)}
            {preset?.note && <p className="self-end text-xs text-muted-foreground">{preset.note}</p>}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="sso-mapping">Group mapping, one per line: claim value: group, group</Label>
            <Textarea id="sso-mapping" className="font-mono text-xs" placeholder={'lifeboat-admins: administrator\ndba: operator'} value={form.mapping} onChange={(e) => setForm({ ...form, mapping: e.target.value })} />
          </div>
          <CheckboxList legend="Groups of users whose claim matches no mapping" options={groups.map((g) => ({ value: g.id, label: g.name }))} selected={form.defaultGroups} onChange={(defaultGroups) => setForm({ ...form, defaultGroups })} />
          <div className="flex flex-wrap gap-6 text-sm">
            <label className="flex items-center gap-2"><Switch checked={form.enabled} onCheckedChange={(enabled) => setForm({ ...form, enabled })} aria-label="Enabled" /> Enabled</label>
            <label className="flex items-center gap-2"><Switch checked={form.autoCreateUsers} onCheckedChange={(autoCreateUsers) => setForm({ ...form, autoCreateUsers })} aria-label="Create accounts on first sign-in" /> Create accounts on first sign-in</label>
          </div>
          {failure && <Alert variant="destructive" title="The provider was not saved">{failure}</Alert>}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Cancel</Button>
            <Button type="submit">{provider ? 'Save provider' : 'Add provider'}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
