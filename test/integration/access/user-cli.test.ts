import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLifeboat, startServer } from '../../support/cli.js';

describe('lifeboat user create', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-user-cli-'));
  const env = { LIFEBOAT_DATA_DIR: dir };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the first administrator headlessly, who can then sign in to the server', async () => {
    const passwordFile = path.join(dir, 'password');
    writeFileSync(passwordFile, 'a long headless password\n', { mode: 0o600 });
    const created = await runLifeboat(['user', 'create', '--admin', '--email', 'ops@example.test', '--password-file', passwordFile], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created ops@example.test .* in administrator/);
    expect(created.stdout + created.stderr).not.toContain('a long headless password');

    const server = await startServer(env);
    try {
      expect(await (await fetch(`${server.url}/api/v1/setup`)).json()).toMatchObject({ administratorExists: true, needsSetup: false });
      const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: 'ops@example.test', password: 'a long headless password' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const me = (await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as { permissions: string[] };
      expect(me.permissions).toContain('users:write');
      const audit = (await (await fetch(`${server.url}/api/v1/audit?action=auth.sign_in`, { headers: { cookie } })).json()) as unknown[];
      expect(audit[0]).toMatchObject({ ip: '127.0.0.1', outcome: 'success' });
    } finally {
      await server.stop();
    }
  }, 180_000); // two cold starts of the CLI (TypeScript sources) on a busy machine
});
