import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { AuthLayout, Field } from './auth-layout';
import { createFirstAdministrator } from './session';

/** First run: the administrator account, then straight in (signed in with the same password). */
export function SetupPage() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ name: '', email: '', password: '', confirm: '' });
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.target.value });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (form.password.length < 10) return setFailure('Choose a password of at least 10 characters');
    if (form.password !== form.confirm) return setFailure('The two passwords differ: type the same password twice');
    setBusy(true);
    setFailure(undefined);
    try {
      await createFirstAdministrator({ email: form.email.trim(), password: form.password, name: form.name.trim() || undefined });
      await navigate({ to: '/' });
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title="Welcome to Lifeboat" description="Create the administrator account. You can invite others later under Settings.">
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <Field id="setup-name" label="Your name">
          <Input id="setup-name" autoComplete="name" value={form.name} onChange={set('name')} />
        </Field>
        <Field id="setup-email" label="Email">
          <Input id="setup-email" type="email" autoComplete="username" required value={form.email} onChange={set('email')} />
        </Field>
        <Field id="setup-password" label="Password" hint="At least 10 characters.">
          <Input id="setup-password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} />
        </Field>
        <Field id="setup-confirm" label="Repeat the password">
          <Input id="setup-confirm" type="password" autoComplete="new-password" required value={form.confirm} onChange={set('confirm')} />
        </Field>
        {failure && <Alert variant="destructive">{failure}</Alert>}
        <Button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create administrator'}
        </Button>
      </form>
    </AuthLayout>
  );
}
