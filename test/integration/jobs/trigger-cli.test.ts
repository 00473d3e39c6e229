import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../../src/main/background.js';
import { buildServices } from '../../../src/main/services.js';
import { createAccessTestApp } from '../../support/auth.js';
import { freePort, runLifeboat } from '../../support/cli.js';
import { PG_CONFIG, seedPostgres } from '../../support/postgres-fixture.js';

/** A CI step: `lifeboat trigger --wait` against a real server, with an API token, gated on the outcome. */
describe('lifeboat trigger', () => {
  let t: Awaited<ReturnType<typeof createAccessTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let server: ServerType;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-trigger-'));
  const tokenFile = path.join(dir, 'token');
  let url: string;
  let goodJob: string;
  let badJob: string;

  beforeAll(async () => {
    t = await createAccessTestApp('sqlite');
    background = await startBackgroundWork(t.runtime, buildServices(t.runtime), { scheduler: false, pollMs: 200 });
    const port = await freePort();
    server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port });
    url = `http://127.0.0.1:${port}`;
    seeded = await seedPostgres();
    const admin = await t.asGroup('administrator');
    const source = await t.call('POST', '/api/v1/sources', admin, { name: 'pg', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await t.call('POST', '/api/v1/destinations', admin, { name: 'disk', kind: 'local', config: { path: path.join(dir, 'backups') } });
    const job = (databases: string[], name: string) => t.call('POST', '/api/v1/jobs', admin, { name, sourceId: source.body.id, destinationIds: [destination.body.id], databases });
    goodJob = (await job([seeded.database], 'good')).body.id;
    badJob = (await job(['lifeboat_test_0_missing'], 'bad')).body.id;
    writeFileSync(tokenFile, (await t.asGroup('operator')).authorization!.replace(/^Bearer /, ''), { mode: 0o600 });
  });
  afterAll(async () => {
    server?.close();
    await background?.stop();
    await t?.dispose();
    await seeded?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 when the backup succeeded', async () => {
    const result = await runLifeboat(['trigger', '--server', url, '--token-file', tokenFile, '--job', goodJob, '--wait']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/: succeeded/);
  });

  it('exits non-zero with the reason when the backup failed', async () => {
    const result = await runLifeboat(['trigger', '--server', url, '--token-file', tokenFile, '--job', badJob, '--wait']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/did not succeed: failed: .*does not exist/);
  });

  it('says when the token is not accepted', async () => {
    writeFileSync(path.join(dir, 'wrong'), 'lbt_not-a-token');
    const result = await runLifeboat(['trigger', '--server', url, '--token-file', path.join(dir, 'wrong'), '--job', goodJob]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refused the trigger \(401\)/);
  });
});
