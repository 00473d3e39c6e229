import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/lib/clock.js';
import { TEST_ORIGIN, createAccessTestApp, createUserInGroup, type AccessTestApp } from '../../support/auth.js';

describe('API tokens, audit log and hardening', () => {
  let t: AccessTestApp;
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  beforeAll(async () => {
    t = await createAccessTestApp('sqlite', { clock });
  });
  afterAll(async () => t?.dispose());

  it('a token is shown once, stored hashed, scoped to a subset, expires and can be revoked', async () => {
    const operator = await t.signedInAs('operator');
    const tooMuch = await t.call('POST', '/api/v1/tokens', operator, { name: 'ci', permissions: ['users:write'] });
    expect(tooMuch.status).toBe(403);
    const created = await t.call('POST', '/api/v1/tokens', operator, { name: 'ci', permissions: ['jobs:read'], expiresAt: '2026-03-02T10:00:00Z' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^lbt_/);
    const rows = await t.runtime.appDb.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.call('GET', '/api/v1/auth/me', bearer)).body).toMatchObject({ kind: 'token', permissions: ['jobs:read'] });
    expect((await t.call('GET', '/api/v1/tokens', bearer)).status).toBe(403);
    const listed = (await t.call('GET', '/api/v1/tokens', operator)).body.find((x: { id: string }) => x.id === created.body.info.id);
    expect(listed).toMatchObject({ lastUsedIp: 'local', name: 'ci' });
    expect(listed.lastUsedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await t.call('DELETE', `/api/v1/tokens/${created.body.info.id}`, operator)).status).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', bearer)).status).toBe(401);
    const short = await t.call('POST', '/api/v1/tokens', operator, { name: 'short', permissions: ['jobs:read'], expiresAt: '2026-03-02T10:00:00Z' });
    expect((await t.call('GET', '/api/v1/auth/me', { authorization: `Bearer ${short.body.token}` })).status).toBe(200);
    clock.advance(25 * 3_600_000);
    expect((await t.call('GET', '/api/v1/auth/me', { authorization: `Bearer ${short.body.token}` })).status).toBe(401);
  });

  it('a token loses what its owner loses', async () => {
    const user = await createUserInGroup(t.access, 'operator');
    const { token } = await t.access.tokens.create(user.id, await t.access.groups.permissionsOf(user.id), { name: 'x', permissions: ['jobs:write'] });
    await t.access.users.update(user.id, { groups: ['viewer'] });
    expect((await t.call('GET', '/api/v1/auth/me', { authorization: `Bearer ${token}` })).body.permissions).toEqual([]);
  });

  it('records sign-ins, changes and token use; filters; prunes by retention', async () => {
    const admin = await t.asGroup('administrator');
    await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: 'nobody@example.test', password: 'not the password' });
    await t.call('POST', '/api/v1/groups', admin, { name: 'audited', permissions: [] });
    const failed = await t.call('GET', '/api/v1/audit?action=auth.sign_in&outcome=failure', admin);
    expect(failed.body[0]).toMatchObject({ action: 'auth.sign_in', outcome: 'failure', actor: { email: 'nobody@example.test' }, ip: 'local' });
    const changes = await t.call('GET', '/api/v1/audit?action=POST%20/api/v1/groups', admin);
    expect(changes.body[0]).toMatchObject({ outcome: 'success', actor: { kind: 'token' } });
    expect(changes.body[0].actor.tokenId).toBeTruthy();
    const used = await t.call('GET', '/api/v1/audit?action=token.used', admin);
    expect(used.body.length).toBeGreaterThan(0);
    clock.advance(40 * 86_400_000);
    expect((await t.call('PUT', '/api/v1/audit/settings', admin, { retentionDays: 30 })).body).toEqual({ retentionDays: 30 });
    const left = (await t.call('GET', '/api/v1/audit?limit=500', admin)).body;
    const cutoff = new Date(clock.now().getTime() - 30 * 86_400_000).toISOString();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((e: { at: string }) => e.at >= cutoff)).toBe(true);
  });

  it('throttles password guessing per account and bad bearer tokens per address', async () => {
    const user = await createUserInGroup(t.access, 'viewer');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: `guess number ${i}` })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // The right password is refused too while the account is throttled.
    expect((await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password })).status).toBe(429);
    const codes = new Set<number>();
    for (let i = 0; i < 22; i++) codes.add((await t.call('GET', '/api/v1/auth/me', { authorization: `Bearer lbt_wrong${i}` })).status);
    expect([...codes].sort()).toEqual([401, 429]);
    clock.advance(16 * 60_000);
    expect((await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password })).status).toBe(200);
  });

  it('malformed, oversized and mistyped bodies get 4xx; security headers are set', async () => {
    const admin = await t.asGroup('administrator');
    const post = (body: string, type: string) => t.app.request('/api/v1/groups', { method: 'POST', headers: { ...admin, 'content-type': type }, body });
    expect((await post('{"name": ', 'application/json')).status).toBe(400);
    expect((await post('name=x', 'text/plain')).status).toBeGreaterThanOrEqual(400);
    expect((await post('name=x', 'text/plain')).status).toBeLessThan(500);
    const big = await post(JSON.stringify({ name: 'x', description: 'a'.repeat(2 * 1024 * 1024), permissions: [] }), 'application/json');
    expect(big.status).toBe(413);
    expect((await post('[1,2,3]', 'application/json')).status).toBe(400);
    const setup = await t.app.request('/api/v1/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{{{' });
    expect(setup.status).toBe(400);
    const health = await t.app.request('/api/health');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('serves the API docs locally and metrics to a token with executions:read', async () => {
    const page = await t.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await t.app.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await t.app.request('/api/docs/assets/..%2Fpackage.json')).status).toBe(404);
    // A name the asset table inherits (found by the route fuzzer) is just another unknown file.
    expect((await t.app.request('/api/docs/assets/valueOf')).status).toBe(404);
    expect((await t.app.request('/metrics')).status).toBe(401);
    const metrics = await t.app.request('/metrics', { headers: await t.asGroup({ permissions: ['executions:read'] }) });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('lifeboat_info{version=');
  });
});
