import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessTestApp, type AccessTestApp } from '../../support/auth.js';
import { followToCallback, startOidcServer } from './oidc-server.js';

const APP = 'http://localhost';
const SECRET = 'client-secret-for-the-sso-test';

describe('SSO with a real OpenID provider on loopback, with group mapping', () => {
  let t: AccessTestApp;
  let oidc: Awaited<ReturnType<typeof startOidcServer>>;
  let providerId: string;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createAccessTestApp('sqlite');
    admin = await t.asGroup('administrator');
    // The provider's id is part of the callback URL the IdP must know, so create it first, then point it at the IdP.
    const created = await t.call('POST', '/api/v1/sso/providers', admin, {
      name: 'Test IdP', preset: 'authelia', issuer: 'http://127.0.0.1:1', clientId: 'lifeboat', clientSecret: SECRET,
      groupMapping: { 'lifeboat-admins': ['administrator'], 'lifeboat-ops': ['operator'] }, defaultGroups: ['viewer'], autoRedirect: true,
    });
    expect(created.status).toBe(201);
    providerId = created.body.id;
    oidc = await startOidcServer({ clientId: 'lifeboat', clientSecret: SECRET, redirectUri: `${APP}${created.body.callbackPath}` });
    expect((await t.call('PATCH', `/api/v1/sso/providers/${providerId}`, admin, { issuer: oidc.issuer })).status).toBe(200);
  });
  afterAll(async () => {
    await oidc?.stop();
    await t?.dispose();
  });

  async function signInWithSso(returnTo = '/jobs') {
    const start = await t.app.request(`/api/v1/sso/providers/${providerId}/login?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(302);
    const callback = await followToCallback(start.headers.get('location')!, APP);
    const done = await t.app.request(callback.slice(APP.length));
    return done;
  }

  it('keeps the client secret sealed and out of every response', async () => {
    const listed = await t.call('GET', '/api/v1/sso/providers', admin);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect(listed.body[0]).toMatchObject({ hasClientSecret: true, scopes: 'openid email profile groups', groupsClaim: 'groups' });
    const row = await t.runtime.appDb.db.selectFrom('sso_providers').select('client_secret').executeTakeFirstOrThrow();
    expect(row.client_secret).toMatch(/^v1:/);
    expect(t.runtime.secretBox.decrypt(row.client_secret!)).toBe(SECRET);
    const options = await t.call('GET', '/api/v1/auth/options');
    expect(options.body.providers).toEqual([{ id: providerId, name: 'Test IdP', autoRedirect: true, loginUrl: `/api/v1/sso/providers/${providerId}/login` }]);
  });

  it('signs a new user in, creates the account and maps the groups claim', async () => {
    oidc.signInAs({ sub: 'alice', email: 'alice@example.test', groups: ['lifeboat-ops', 'unrelated'] });
    const done = await signInWithSso('/jobs');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/jobs');
    const cookie = done.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const me = await t.call('GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('alice@example.test');
    expect(me.body.permissions).toContain('jobs:write');
    expect(me.body.permissions).not.toContain('users:write');
  });

  it('re-applies the mapping at every sign-in and falls back to the default groups', async () => {
    oidc.signInAs({ sub: 'alice', email: 'alice@example.test', groups: ['lifeboat-admins'] });
    await signInWithSso();
    oidc.signInAs({ sub: 'bob', email: 'bob@example.test', groups: ['marketing'] });
    await signInWithSso();
    const users = (await t.call('GET', '/api/v1/users', admin)).body as { email: string; groups: string[]; ssoProviders: string[]; passwordLogin: boolean }[];
    expect(users.find((u) => u.email === 'alice@example.test')).toMatchObject({ groups: ['administrator'], ssoProviders: [providerId], passwordLogin: false });
    expect(users.find((u) => u.email === 'bob@example.test')?.groups).toEqual(['viewer']);
    const audit = await t.call('GET', '/api/v1/audit?action=auth.sso_sign_in', admin);
    expect(audit.body).toHaveLength(3);
  });

  it('refuses a forged or replayed callback and an open redirect', async () => {
    expect((await t.app.request(`/api/v1/sso/providers/${providerId}/callback?code=x&state=forged`)).status).toBe(400);
    oidc.signInAs({ sub: 'carol', email: 'carol@example.test', groups: [] });
    const start = await t.app.request(`/api/v1/sso/providers/${providerId}/login?returnTo=${encodeURIComponent('https://evil.example/')}`);
    const callback = await followToCallback(start.headers.get('location')!, APP);
    const done = await t.app.request(callback.slice(APP.length));
    expect(done.headers.get('location')).toBe('/');
    expect((await t.app.request(callback.slice(APP.length))).status).toBe(400);
  });
});
