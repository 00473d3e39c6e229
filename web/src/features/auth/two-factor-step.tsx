import { useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Field } from './auth-layout';
import { verifySecondFactor } from './session';

/** The code from the authenticator app, or one of the backup codes when the phone is not at hand. */
export function TwoFactorStep({ onDone, onBack }: { onDone(): void; onBack(): void }) {
  const [kind, setKind] = useState<'totp' | 'backup-code'>('totp');
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      await verifySecondFactor(kind, code, trust);
      onDone();
    } catch (error) {
      setFailure(`${describeError(error)}. Check the code and try again.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="grid gap-4" onSubmit={submit}>
      <Field id="second-factor" label={kind === 'totp' ? 'Code from your authenticator app' : 'Backup code'}>
        <Input id="second-factor" autoComplete="one-time-code" inputMode={kind === 'totp' ? 'numeric' : 'text'} autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4 accent-primary" checked={trust} onChange={(e) => setTrust(e.target.checked)} /> Trust this browser for 30 days
      </label>
      {failure && <Alert variant="destructive">{failure}</Alert>}
      <Button type="submit" disabled={busy || !code.trim()}>
        {busy ? 'Checking…' : 'Verify'}
      </Button>
      <div className="flex justify-between text-sm">
        <Button variant="link" className="h-auto p-0" onClick={() => setKind(kind === 'totp' ? 'backup-code' : 'totp')}>
          {kind === 'totp' ? 'Use a backup code' : 'Use the authenticator app'}
        </Button>
        <Button variant="link" className="h-auto p-0" onClick={onBack}>
          Back
        </Button>
      </div>
    </form>
  );
}
