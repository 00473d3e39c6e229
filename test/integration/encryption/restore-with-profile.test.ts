import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../../src/main/background.js';
import { PG_CONFIG, fingerprintPostgres, seedPostgres } from '../../support/postgres-fixture.js';
import { dropPostgres, scratchName } from '../../support/databases.js';
import { createTestApp } from '../../support/test-app.js';

/** One click: a backup encrypted with a profile whose key Lifeboat holds restores without asking for it. */
describe('restoring a backup encrypted with a generated profile', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-profile-restore-'));
  const target = scratchName();

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 200 });
    seeded = await seedPostgres();
  });
  afterAll(async () => {
    await background?.stop();
    await t?.dispose();
    await seeded?.cleanup();
    await dropPostgres(target);
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up through the profile and restores through the API with no key given', async () => {
    const source = await t.call('POST', '/api/v1/sources', { name: 'pg', kind: 'postgres', config: { ...PG_CONFIG } });
    const destination = await t.call('POST', '/api/v1/destinations', { name: 'disk', kind: 'local', config: { path: dir } });
    const profile = await t.call('POST', '/api/v1/encryption-profiles', { name: 'team key', kind: 'generated' });
    expect(profile.status, JSON.stringify(profile.body)).toBe(201);
    const job = await t.call('POST', '/api/v1/jobs', { name: 'encrypted', sourceId: source.body.id, destinationIds: [destination.body.id], databases: [seeded.database], encryptionProfileId: profile.body.id });
    const run = await t.call('POST', `/api/v1/jobs/${job.body.id}/run?wait=true`);
    expect(run.body.execution.status, run.body.execution.error).toBe('succeeded');

    const listing = await t.call('GET', `/api/v1/destinations/${destination.body.id}/backups`);
    const key = listing.body.backups?.[0]?.key ?? listing.body.items?.[0]?.key;
    expect(key).toMatch(/\.zst\.age$/);
    const restore = await t.call('POST', '/api/v1/restores?wait=true', { destinationId: destination.body.id, keys: [key], targetSourceId: source.body.id, database: target });
    expect(restore.status, JSON.stringify(restore.body)).toBeLessThan(300);
    const execution = restore.body.execution ?? restore.body;
    expect(execution.status, execution.error).toBe('succeeded');
    expect(await fingerprintPostgres(target)).toEqual(await fingerprintPostgres(seeded.database));
  });
});
