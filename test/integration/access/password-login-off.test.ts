import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORIGIN, createAccessTestApp, createUserInGroup, type AccessTestApp } from '../../support/auth.js';

describe('LIFEBOAT_DISABLE_PASSWORD_LOGIN=true', () => {
  let t: AccessTestApp;
  beforeAll(async () => {
    t = await createAccessTestApp('sqlite', { env: { LIFEBOAT_DISABLE_PASSWORD_LOGIN: 'true' } });
  });
  afterAll(async () => t?.dispose());

  it('turns password sign-in off and says so; API tokens keep working', async () => {
    const user = await createUserInGroup(t.access, 'viewer');
    expect((await t.call('GET', '/api/v1/auth/options')).body).toMatchObject({ passwordLogin: false });
    const attempt = await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password });
    expect(attempt.status).toBe(404);
    expect((await t.call('GET', '/api/v1/auth/me', await t.asGroup('viewer'))).status).toBe(200);
  });
});
