import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMigrations } from 'better-auth/db/migration';
import { DIALECTS } from '../../support/app-db.js';
import { TEST_ORIGIN, TEST_PASSWORD, cookiesOf, createAccessTestApp, signIn, type AccessTestApp } from '../../support/auth.js';

describe.each(DIALECTS)('accounts and sessions on %s', (dialect) => {
  let t: AccessTestApp;
  beforeAll(async () => {
    t = await createAccessTestApp(dialect);
  });
  afterAll(async () => t?.dispose());

  it('migration 002 holds exactly the tables better-auth expects', async () => {
    const auth = await t.access.auth();
    const { toBeCreated, toBeAdded } = await getMigrations(auth.options);
    expect({ toBeCreated: toBeCreated.map((x) => x.table), toBeAdded: toBeAdded.map((x) => x.table) }).toEqual({ toBeCreated: [], toBeAdded: [] });
  });

  it('first run: set-up creates one administrator, once', async () => {
    expect((await t.call('GET', '/api/v1/setup')).body).toEqual({ administratorExists: false, needsSetup: true, passwordLogin: true });
    expect((await t.call('POST', '/api/v1/setup', {}, { email: 'admin@example.test', password: 'short' })).status).toBe(400);
    const created = await t.call('POST', '/api/v1/setup', {}, { email: 'Admin@Example.test', password: TEST_PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'admin@example.test', groups: ['administrator'], passwordLogin: true });
    expect((await t.call('POST', '/api/v1/setup', {}, { email: 'evil@example.test', password: TEST_PASSWORD })).status).toBe(409);
    expect((await t.call('GET', '/api/v1/setup')).body).toMatchObject({ administratorExists: true, needsSetup: false });
  });

  it('signs in with a cookie session, never returns the session token in the body, and signs out', async () => {
    const response = await t.app.request('/api/auth/sign-in/email', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
      body: JSON.stringify({ email: 'admin@example.test', password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const cookie = cookiesOf(response);
    expect(cookie).toMatch(/^lifeboat\.session_token=/);
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(text).not.toContain(cookie.split('=')[1]!.split('.')[0]!);
    const me = await t.call('GET', '/api/v1/auth/me', { cookie });
    expect(me.body).toMatchObject({ kind: 'user', email: 'admin@example.test' });
    expect(me.body.permissions).toContain('users:write');
    expect((await t.call('POST', '/api/auth/sign-out', { cookie, origin: TEST_ORIGIN })).status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it('refuses wrong passwords and unexposed better-auth endpoints', async () => {
    const bad = await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: 'admin@example.test', password: 'wrong password!' });
    expect(bad.status).toBe(401);
    const audit = await t.call('GET', '/api/v1/audit?action=auth.sign_in&outcome=failure', await t.asGroup('administrator'));
    expect(audit.body[0]).toMatchObject({ action: 'auth.sign_in', actor: { email: 'admin@example.test' } });
    expect((await t.call('POST', '/api/auth/sign-up/email', { origin: TEST_ORIGIN }, { email: 'x@example.test', password: TEST_PASSWORD, name: 'x' })).status).toBe(404);
  });

  it('rejects cross-site state changes on cookie sessions (CSRF)', async () => {
    const headers = await signIn(t.app, 'admin@example.test', TEST_PASSWORD);
    const group = { name: 'csrf-check', permissions: ['jobs:read'] };
    expect((await t.call('POST', '/api/v1/groups', { ...headers, origin: 'https://evil.example' }, group)).status).toBe(403);
    expect((await t.call('POST', '/api/v1/groups', { cookie: headers.cookie!, 'sec-fetch-site': 'cross-site' }, group)).status).toBe(403);
    expect((await t.call('POST', '/api/v1/groups', headers, group)).status).toBe(201);
  });

  it('a password change ends the other sessions', async () => {
    const user = await t.access.users.create({ email: 'changer@example.test', password: TEST_PASSWORD, groups: ['viewer'] });
    const first = await signIn(t.app, user.email, TEST_PASSWORD);
    const second = await signIn(t.app, user.email, TEST_PASSWORD);
    const changed = await t.call('POST', '/api/v1/auth/password', first, { currentPassword: TEST_PASSWORD, newPassword: 'another long passphrase' });
    expect(changed.status).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', second)).status).toBe(401);
    const renewed = { ...first, cookie: cookiesOf(changed.response) || first.cookie! };
    expect((await t.call('GET', '/api/v1/auth/me', renewed)).status).toBe(200);
    await expect(signIn(t.app, user.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    await signIn(t.app, user.email, 'another long passphrase');
  });

  it('users and groups: custom group permissions are a union, the last administrator is protected', async () => {
    const admin = await t.asGroup('administrator');
    const group = await t.call('POST', '/api/v1/groups', admin, { name: 'restorers', permissions: ['restore:execute', 'backups:read'] });
    expect(group.status).toBe(201);
    const user = await t.call('POST', '/api/v1/users', admin, { email: 'mixed@example.test', password: TEST_PASSWORD, groups: ['viewer', group.body.id] });
    expect(user.status).toBe(201);
    const perms = await t.access.groups.permissionsOf(user.body.id);
    expect(perms.has('restore:execute') && perms.has('jobs:read') && !perms.has('jobs:write')).toBe(true);
    expect((await t.call('PATCH', '/api/v1/groups/viewer', admin, { permissions: ['users:write'] })).status).toBe(409);
    expect((await t.call('POST', '/api/v1/users', admin, { email: 'x@example.test', groups: ['nope'] })).status).toBe(400);
    const me = (await t.call('GET', '/api/v1/auth/me', admin)).body.userId;
    const admins = (await t.call('GET', '/api/v1/users', admin)).body.filter((u: { groups: string[] }) => u.groups.includes('administrator'));
    for (const other of admins.filter((u: { id: string }) => u.id !== me)) expect((await t.call('DELETE', `/api/v1/users/${other.id}`, admin)).status).toBe(204);
    expect((await t.call('DELETE', `/api/v1/users/${me}`, admin)).status).toBe(409);
    expect((await t.call('PATCH', `/api/v1/users/${me}`, admin, { groups: ['viewer'] })).status).toBe(409);
  });
});
