import { useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '../../components/ui/dialog';
import { Input, Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import type { ProfileInput } from './encryption-section';

type Kind = ProfileInput['kind'];
const KINDS: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'generated', label: 'Generate a key pair', hint: 'Lifeboat creates and keeps the private key (sealed), so it can restore by itself. Download the recovery kit and keep it offline.' },
  { kind: 'recipients', label: 'Import a public key', hint: 'Write-only: Lifeboat encrypts to your age1… key and cannot read the backups. You give the private key at restore time.' },
  { kind: 'passphrase', label: 'Passphrase', hint: 'Encrypt with a passphrase (age scrypt). Anyone with the passphrase can decrypt.' },
];

/** New encryption profile: generated, recipient-only (import a public key) or passphrase. */
export function EncryptionDialog({ onSubmit, onClose }: { onSubmit(input: ProfileInput): Promise<unknown>; onClose(): void }) {
  const [kind, setKind] = useState<Kind>('generated');
  const [name, setName] = useState('');
  const [recipients, setRecipients] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const keys = recipients.split(/\s+/).filter(Boolean);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const input: ProfileInput = kind === 'passphrase' ? { kind, name, passphrase } : kind === 'recipients' ? { kind, name, recipients: keys } : { kind, name, recipients: keys };
      await onSubmit(input);
      onClose();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New encryption profile</DialogTitle>
            <DialogDescription>Backups are encrypted with age: standard tools can decrypt them without Lifeboat.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="profile-name">Name</Label>
            <Input id="profile-name" value={name} onChange={(e) => setName(e.target.value)} required />
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Key</legend>
            {KINDS.map((k) => (
              <label key={k.kind} className="flex cursor-pointer gap-2.5 rounded-md border px-3 py-2 text-sm has-[:checked]:border-primary/60 has-[:checked]:bg-primary/5">
                <input type="radio" name="profile-kind" className="mt-0.5 accent-[var(--primary)]" checked={kind === k.kind} onChange={() => setKind(k.kind)} />
                <span><span className="font-medium">{k.label}</span><span className="block text-xs text-muted-foreground">{k.hint}</span></span>
              </label>
            ))}
          </fieldset>
          {kind !== 'passphrase' && (
            <div className="grid gap-1.5">
              <Label htmlFor="profile-recipients">{kind === 'generated' ? 'Extra public keys (optional, e.g. an offline key)' : 'Public keys (age1…), one per line'}</Label>
              <Textarea id="profile-recipients" className="font-mono text-xs" value={recipients} onChange={(e) => setRecipients(e.target.value)} />
            </div>
          )}
          {kind === 'passphrase' && (
            <div className="grid gap-1.5">
              <Label htmlFor="profile-passphrase">Passphrase (at least 8 characters)</Label>
              <Input id="profile-passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </div>
          )}
          {failure && <Alert variant="destructive">{failure}</Alert>}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>Cancel</Button>
            <Button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create profile'}</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
