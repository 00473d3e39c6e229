import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportConfig } from '../../../src/services/config-backup/config-export.service.js';
import { importConfig } from '../../../src/services/config-backup/config-import.service.js';
import { PG_CONFIG } from '../../support/postgres-fixture.js';
import { createTestApp } from '../../support/test-app.js';

describe('configuration export and import', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-config-'));
  const apps: Awaited<ReturnType<typeof createTestApp>>[] = [];
  afterAll(async () => {
    for (const app of apps) await app.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function original() {
    const t = await createTestApp('sqlite');
    apps.push(t);
    const source = await t.services.sources.create({ name: 'prod db', kind: 'postgres', environment: 'production', config: { ...PG_CONFIG, password: 'pg-secret-1' } });
    const destination = await t.services.destinations.create({ name: 'disk', kind: 'local', config: { path: dir } });
    await t.services.jobs.create({ name: 'nightly', sourceId: source.id, destinationIds: [destination.id], schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, retention: { keepLast: 7 } });
    await t.services.settings.set('maxConcurrentJobs', 3);
    return t;
  }

  it('moves sources, destinations, jobs and settings to a new install, by name, secrets included when asked', async () => {
    const from = await original();
    const document = await exportConfig({ ...from.services, clock: from.runtime.clock }, true);
    expect(document.jobs[0]).toMatchObject({ name: 'nightly', source: 'prod db', destinations: ['disk'] });

    const to = await createTestApp('postgres');
    apps.push(to);
    const report = await importConfig({ ...to.services, clock: to.runtime.clock }, JSON.parse(JSON.stringify(document)));
    expect(report).toEqual({ created: ['source prod db', 'destination disk', 'job nightly'], skipped: [], failed: [] });
    const [job] = await to.services.jobs.list();
    const [source] = await to.services.sources.list();
    expect(job).toMatchObject({ name: 'nightly', sourceId: source!.id, schedule: { cron: '0 3 * * *', timeZone: 'Europe/Berlin' }, retention: { keepLast: 7 } });
    expect((await to.services.sources.fullConfig(source!.id)).config.password).toBe('pg-secret-1');
    expect(await to.services.settings.get('maxConcurrentJobs')).toBe(3);
    expect(await importConfig({ ...to.services, clock: to.runtime.clock }, document)).toMatchObject({ created: [], skipped: ['source prod db (exists)', 'destination disk (exists)', 'job nightly (exists)'] });
  });

  it('leaves secrets out of a plain export', async () => {
    const from = await original();
    const document = await exportConfig({ ...from.services, clock: from.runtime.clock }, false);
    expect(JSON.stringify(document)).not.toContain('pg-secret-1');
    expect(document.withSecrets).toBe(false);
  });

  it('refuses a file that is not an export', async () => {
    const t = apps[0]!;
    await expect(importConfig({ ...t.services, clock: t.runtime.clock }, { hello: 'world' })).rejects.toThrow(/Not a Lifeboat configuration export/);
  });
});

describe('configuration self-backup', () => {
  it('saves the configuration, encrypted with its secrets, where the storage explorer does not mistake it for a backup', async () => {
    const { generateIdentity } = await import('../../../src/pipeline/stages/encrypt.js');
    const { createDecryptStage } = await import('../../../src/pipeline/stages/decrypt.js');
    const { scanDestination } = await import('../../../src/pipeline/catalog.js');
    const { readSmall } = await import('../../../src/lib/streams.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-selfbackup-'));
    const t = await createTestApp('sqlite');
    try {
      const destination = await t.services.destinations.create({ name: 'disk', kind: 'local', config: { path: dir } });
      await t.services.sources.create({ name: 'db', kind: 'postgres', config: { ...PG_CONFIG, password: 'pg-secret-2' } });
      const { identity, recipient } = generateIdentity();
      const put = await t.call('PUT', '/api/v1/settings/config-backup', { enabled: true, destinationId: destination.id, schedule: { cron: '0 2 * * *', timeZone: 'UTC' }, recipients: [recipient] });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const run = await t.call('POST', '/api/v1/settings/config-backup/run');
      expect(run.body.state).toMatchObject({ lastError: null, lastKey: expect.stringMatching(/^_lifeboat\/config\/.*\.json\.age$/) });

      const { destination: storage } = await t.services.destinations.open(destination.id);
      const stored = await storage.get(run.body.state.lastKey);
      const plain = JSON.parse((await readSmall(stored.pipe(createDecryptStage({ identities: [identity] })))).toString());
      expect(plain.sources[0].config.password).toBe('pg-secret-2');
      const catalog = await scanDestination(storage);
      expect(catalog.orphans).toEqual([]);
    } finally {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
