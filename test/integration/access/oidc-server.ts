import http from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from '../../support/cli.js';

export interface TestIdentity {
  sub: string;
  email: string;
  groups: string[];
}

/**
 * A real OpenID provider (oidc-provider) on loopback. Its login screen is replaced by an automatic
 * login of `current` so a test can drive the whole browser flow with plain HTTP requests.
 */
export async function startOidcServer(client: { clientId: string; clientSecret: string; redirectUri: string }) {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const state: { current: TestIdentity } = { current: { sub: 'nobody', email: 'nobody@example.test', groups: [] } };
  const identities = new Map<string, TestIdentity>();
  const provider = new Provider(issuer, {
    clients: [{
      client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: [client.redirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], application_type: 'native',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => {
        const who = identities.get(sub)!;
        return { sub, email: who.email, email_verified: true, name: sub, groups: who.groups };
      },
    }),
  });
  const callback = provider.callback();
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) return void autoLogin(req, res);
    callback(req, res);
  });

  async function autoLogin(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const who = state.current;
    identities.set(who.sub, who);
    const grant = new provider.Grant({ accountId: who.sub, clientId: client.clientId });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: who.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    signInAs(identity: TestIdentity) {
      state.current = identity;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Follows redirects outside the app (at the provider), carrying its cookies, until the app's callback URL. */
export async function followToCallback(start: string, appOrigin: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10 && !url.startsWith(appOrigin); hop++) {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      jar.set(name!, value.join('='));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`provider stopped at ${url} with ${response.status}: ${await response.text()}`);
    url = new URL(location, url).href;
  }
  return url;
}
