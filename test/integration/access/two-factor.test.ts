import { TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ORIGIN, cookiesOf, createAccessTestApp, createUserInGroup, signIn, type AccessTestApp } from '../../support/auth.js';

describe('two-factor sign-in (TOTP and backup codes)', () => {
  let t: AccessTestApp;
  beforeAll(async () => {
    t = await createAccessTestApp('sqlite');
  });
  afterAll(async () => t?.dispose());

  it('enrols, then requires a TOTP code or a single-use backup code at sign-in', async () => {
    const user = await createUserInGroup(t.access, 'viewer');
    const session = await signIn(t.app, user.email, user.password);
    const enabled = await t.call('POST', '/api/auth/two-factor/enable', session, { password: user.password });
    expect(enabled.status).toBe(200);
    const totp = URI.parse(enabled.body.totpURI) as TOTP;
    const backupCodes: string[] = enabled.body.backupCodes;
    expect(backupCodes).toHaveLength(10);
    expect((await t.call('POST', '/api/auth/two-factor/verify-totp', session, { code: totp.generate() })).status).toBe(200);
    const stored = await t.runtime.appDb.db.selectFrom('auth_user').select('twoFactorEnabled').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(Boolean(stored.twoFactorEnabled)).toBe(true);

    // Password alone no longer signs in: the response asks for the second factor and sets no session.
    const first = await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password });
    expect(first.body).toMatchObject({ twoFactorRedirect: true });
    const pending = { cookie: cookiesOf(first.response), origin: TEST_ORIGIN };
    expect(pending.cookie).not.toMatch(/session_token=[^;]/);
    expect((await t.call('POST', '/api/auth/two-factor/verify-totp', pending, { code: '000000' })).status).toBe(401);
    const verified = await t.call('POST', '/api/auth/two-factor/verify-totp', pending, { code: totp.generate() });
    expect(verified.status).toBe(200);
    expect(JSON.stringify(verified.body)).not.toMatch(/"token"/);
    expect((await t.call('GET', '/api/v1/auth/me', { cookie: cookiesOf(verified.response) })).status).toBe(200);

    // A backup code works once.
    const again = await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password });
    const pending2 = { cookie: cookiesOf(again.response), origin: TEST_ORIGIN };
    const backup = await t.call('POST', '/api/auth/two-factor/verify-backup-code', pending2, { code: backupCodes[0] });
    expect(backup.status).toBe(200);
    const third = await t.call('POST', '/api/auth/sign-in/email', { origin: TEST_ORIGIN }, { email: user.email, password: user.password });
    const reuse = await t.call('POST', '/api/auth/two-factor/verify-backup-code', { cookie: cookiesOf(third.response), origin: TEST_ORIGIN }, { code: backupCodes[0] });
    expect(reuse.status).toBeGreaterThanOrEqual(400);
    expect(reuse.status).toBeLessThan(500);

    const audit = await t.call('GET', '/api/v1/audit?action=auth.', await t.asGroup('administrator'));
    const actions = audit.body.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.2fa.enable', 'auth.sign_in.2fa_required', 'auth.2fa.verify_totp', 'auth.2fa.verify_backup_code']));
  });

  it('throttles code guessing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await t.call('POST', '/api/auth/two-factor/verify-totp', { origin: TEST_ORIGIN }, { code: '123456' })).status);
    expect(statuses).toContain(429);
  });

  it('the TOTP secret is stored encrypted', async () => {
    const rows = await t.runtime.appDb.db.selectFrom('auth_two_factor' as never).selectAll().execute() as { secret: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.secret).not.toMatch(/^[A-Z2-7]{16,}$/);
  });
});
