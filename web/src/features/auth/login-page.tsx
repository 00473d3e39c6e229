import { useNavigate, useSearch } from '@tanstack/react-router';
import { KeyRound } from 'lucide-react';
import { useEffect, useState } from 'react';
import { describeError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Input } from '../../components/ui/input';
import { Skeleton } from '../../components/ui/skeleton';
import { AuthLayout, Field } from './auth-layout';
import { safeNext } from './next-path';
import { signIn, useSignInOptions } from './session';
import { TwoFactorStep } from './two-factor-step';

export function LoginPage() {
  const { next, manual } = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const options = useSignInOptions();
  const [step, setStep] = useState<'password' | 'two-factor'>('password');
  const target = safeNext(next);
  const done = () => void navigate({ to: target });
  const auto = options.data?.providers.find((p) => p.autoRedirect);
  const ssoUrl = (loginUrl: string) => `${loginUrl}?returnTo=${encodeURIComponent(target)}`;

  useEffect(() => {
    if (auto && !manual) window.location.assign(ssoUrl(auto.loginUrl));
  });

  return (
    <AuthLayout title={step === 'password' ? 'Sign in to Lifeboat' : 'Two-step verification'} description={step === 'password' ? 'Your backups, one sign-in away.' : 'Enter the code that proves it is you.'}>
      {options.isPending ? (
        <Skeleton className="h-40" />
      ) : step === 'two-factor' ? (
        <TwoFactorStep onDone={done} onBack={() => setStep('password')} />
      ) : (
        <div className="grid gap-4">
          {options.data?.passwordLogin !== false && <PasswordForm onSignedIn={done} onTwoFactor={() => setStep('two-factor')} />}
          {(options.data?.providers.length ?? 0) > 0 && (
            <div className="grid gap-2">
              {options.data?.passwordLogin !== false && <p className="text-center text-xs text-muted-foreground">or</p>}
              {options.data?.providers.map((provider) => (
                <Button key={provider.id} variant="outline" asChild>
                  <a href={ssoUrl(provider.loginUrl)}>
                    <KeyRound aria-hidden /> Sign in with {provider.name}
                  </a>
                </Button>
              ))}
            </div>
          )}
          {options.isError && <Alert variant="destructive">{describeError(options.error)}</Alert>}
        </div>
      )}
    </AuthLayout>
  );
}

function PasswordForm({ onSignedIn, onTwoFactor }: { onSignedIn(): void; onTwoFactor(): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      if ((await signIn(email.trim(), password)) === 'two-factor') onTwoFactor();
      else onSignedIn();
    } catch (error) {
      setFailure(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="grid gap-4" onSubmit={submit}>
      <Field id="login-email" label="Email">
        <Input id="login-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field id="login-password" label="Password">
        <Input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      {failure && <Alert variant="destructive">{failure}</Alert>}
      <Button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
