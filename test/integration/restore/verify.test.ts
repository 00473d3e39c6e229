import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { scratchName } from '../../support/databases.js';
import { runLifeboat } from '../../support/cli.js';
import { backUp, encryptionSlot, flipByte, localFolder, restoreApp } from './restore-support.js';

describe('verify', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let plainKey: string;
  let encryptedKey: string;
  let identity: string;

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    seeded = await seedPostgres(scratchName());
    plainKey = await backUp(pgSource(), folder.destination, seeded.database);
    const encryption = encryptionSlot();
    identity = encryption.identity;
    encryptedKey = await backUp(pgSource(), folder.destination, seeded.database, encryption.slot);
  });
  afterAll(async () => {
    await seeded?.cleanup();
    await app?.stop();
    folder.cleanup();
  });

  const verify = (key: string, extra: Record<string, unknown> = {}) => app.call('POST', `/api/v1/destinations/${app.diskId}/backups/verify?wait=true`, { key, ...extra });

  it('passes an intact backup, authenticates with a key, and records results per backup', async () => {
    const plain = await verify(plainKey);
    expect(plain.body, JSON.stringify(plain.body)).toMatchObject({ type: 'verify', status: 'succeeded', result: { status: 'passed', checksumOk: true, authenticated: null } });
    const keyed = await verify(encryptedKey, { identity });
    expect(keyed.body.result).toMatchObject({ status: 'passed', authenticated: true });
    const wrong = await verify(encryptedKey, { identity: encryptionSlot().identity });
    expect(wrong.body.status).toBe('failed');
    const history = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/verifications?key=${encodeURIComponent(encryptedKey)}`);
    expect(history.body.map((v: { status: string }) => v.status).sort()).toEqual(['failed', 'passed']);
    expect(JSON.stringify(history.body)).not.toContain(identity);
  });

  it('detects a flipped byte (API and CLI)', async () => {
    const damaged = await backUp(pgSource(), folder.destination, seeded.database);
    flipByte(folder.dir, damaged, 4321);
    const run = await verify(damaged);
    expect(run.body.status).toBe('failed');
    expect(run.body.result).toMatchObject({ status: 'failed', sizeOk: true, checksumOk: false });
    expect(run.body.error).toMatch(/sha256 differs/);
    const recorded = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/verifications?key=${encodeURIComponent(damaged)}`);
    expect(recorded.body[0]).toMatchObject({ status: 'failed', checksumOk: false, executionId: run.body.id });

    const from = pathToFileURL(folder.dir).toString();
    const bad = await runLifeboat(['verify', '--from', from, '--key', damaged]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/FAILED verification: .*sha256 differs/);
    const identityFile = path.join(folder.dir, 'identity.txt');
    writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
    const good = await runLifeboat(['verify', '--from', from, '--key', encryptedKey, '--identity', identityFile, '--json']);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ status: 'passed', authenticated: true });
  });
});
