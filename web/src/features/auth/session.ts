import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, toApiError, unwrap, type Schemas } from '../../api/client';
import { queryClient } from '../../api/query-client';

export type Me = Schemas['Me'];
export interface Session {
  me: Me | null;
  needsSetup: boolean;
}

/**
 * The better-auth endpoints (/api/auth/*) are mounted outside the OpenAPI document, so these few calls
 * are written by hand. get-session answers 200 with null when signed out: checking never logs a 401.
 */
async function authCall<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/auth${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json().catch(() => null)) as unknown;
  if (response.ok) return json as T;
  // better-auth answers { code, message }; ours answer { error: { code, message } }.
  const flat = json as { code?: string; message?: string; error?: unknown } | null;
  throw toApiError(response.status, flat?.error ? flat : { error: { code: flat?.code, message: flat?.message ?? 'Sign-in failed' } });
}

export const sessionQuery = queryOptions({
  queryKey: ['session'],
  staleTime: 5 * 60_000,
  retry: false,
  queryFn: async (): Promise<Session> => {
    const current = await authCall<{ user?: { id: string } } | null>('/get-session');
    if (!current?.user) {
      const setup = await unwrap(api.GET('/api/v1/setup'));
      return { me: null, needsSetup: setup.needsSetup };
    }
    return { me: await unwrap(api.GET('/api/v1/auth/me')), needsSetup: false };
  },
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** Whether the signed-in user holds a permission ("sources:write"). The UI only hides; the server enforces. */
export function useCan(): (permission: string) => boolean {
  const { data } = useSession();
  const held = new Set(data?.me?.permissions ?? []);
  return (permission) => held.has(permission);
}

/** Reads the session again now: the route guard trusts the cached one, so it must be current before navigating. */
async function refreshSession(): Promise<void> {
  queryClient.removeQueries({ queryKey: ['session'] });
  await queryClient.fetchQuery(sessionQuery);
}

export type SignInResult = 'signed-in' | 'two-factor';

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const result = await authCall<{ twoFactorRedirect?: boolean }>('/sign-in/email', { email, password, rememberMe: true });
  if (result?.twoFactorRedirect) return 'two-factor';
  await refreshSession();
  return 'signed-in';
}

export async function verifySecondFactor(kind: 'totp' | 'backup-code', code: string, trustDevice: boolean): Promise<void> {
  await authCall(kind === 'totp' ? '/two-factor/verify-totp' : '/two-factor/verify-backup-code', { code: code.replace(/\s+/g, ''), trustDevice });
  await refreshSession();
}

export async function signOut(): Promise<void> {
  await authCall('/sign-out', {});
  queryClient.clear();
}

export async function createFirstAdministrator(input: { email: string; password: string; name?: string }): Promise<void> {
  await unwrap(api.POST('/api/v1/setup', { body: input }));
  await signIn(input.email, input.password);
}

export function useSignInOptions() {
  return useQuery({ queryKey: ['sign-in-options'], staleTime: 60_000, queryFn: () => unwrap(api.GET('/api/v1/auth/options')) });
}
