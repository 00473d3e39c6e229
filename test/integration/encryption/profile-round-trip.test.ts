import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../src/adapters/sources/types.js';
import { spawnTool } from '../../../src/lib/spawn.js';
import { startBackgroundWork } from '../../../src/main/background.js';
import { scanDestination, type CatalogBackup } from '../../../src/pipeline/catalog.js';
import { runRestore } from '../../../src/pipeline/restore.js';
import { formatIdentityFile, generateIdentity, recipientFingerprint } from '../../../src/pipeline/stages/encrypt.js';
import { MARIADB_ADMIN, createScratchMariadb, dropMariadb, scratchName } from '../../support/databases.js';
import { createDatabase as createMysqlDatabase, fingerprintMysql, hostileScratchName, mysqlSource, seedMysql } from '../../support/mysql-fixture.js';
import { PG_CONFIG, createDatabase, fingerprintPostgres, pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { createTestApp } from '../../support/test-app.js';

interface Engine {
  kind: string;
  config: Record<string, unknown>;
  seed(): Promise<{ database: string; cleanup(): Promise<void> }>;
  target(): Promise<{ name: string; cleanup(): Promise<void> }>;
  source(): Source;
  fingerprint(database: string): Promise<unknown>;
  /** The recovery kit's command for this engine, as argument arrays: age -d -i kit | zstd -dc | <restore tool>. */
  restoreTool(database: string): [string, string[]];
}

const ENGINES: Engine[] = [
  {
    kind: 'postgres', config: { ...PG_CONFIG }, seed: () => seedPostgres(), target: () => createDatabase(scratchName()), source: () => pgSource(),
    fingerprint: fingerprintPostgres,
    restoreTool: (database) => ['pg_restore', ['--no-owner', '--single-transaction', '-h', PG_CONFIG.host, '-p', String(PG_CONFIG.port), '-U', PG_CONFIG.user, '-d', database]],
  },
  {
    kind: 'mysql', config: { ...MARIADB_ADMIN },
    seed: async () => {
      const name = hostileScratchName();
      await createMysqlDatabase(name);
      await seedMysql(name).catch(async (error: unknown) => { await dropMariadb(name); throw error; });
      return { database: name, cleanup: () => dropMariadb(name) };
    },
    target: async () => { const db = await createScratchMariadb(); return { name: db.name, cleanup: db.drop }; },
    source: () => mysqlSource(), fingerprint: fingerprintMysql,
    restoreTool: (database) => ['mariadb', ['-h', MARIADB_ADMIN.host, '-P', String(MARIADB_ADMIN.port), '-u', MARIADB_ADMIN.user, database]],
  },
];

/** Each profile kind through a real job run, restored with the profile's keys (or keys given at restore time). */
describe.each(ENGINES)('encrypted job runs on $kind', (engine) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let seeded: { database: string; cleanup(): Promise<void> };
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-enc-run-'));
  const offline = generateIdentity();
  let jobId: string;
  let destinationId: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 100 });
    seeded = await engine.seed();
    const source = await t.call('POST', '/api/v1/sources', { name: `machine ${engine.kind}`, kind: engine.kind, config: engine.config });
    const destination = await t.call('POST', '/api/v1/destinations', { name: 'disk', kind: 'local', config: { path: dir } });
    destinationId = destination.body.id;
    const job = await t.call('POST', '/api/v1/jobs', { name: 'encrypted', sourceId: source.body.id, destinationIds: [destinationId], databases: [seeded.database], compression: 'zstd:3' });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    jobId = job.body.id;
  });
  afterAll(async () => {
    await background?.stop();
    await t?.dispose();
    await seeded?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Switches the job to the profile, runs it and returns the backup it wrote. */
  async function backupWith(profile: { id: string }): Promise<CatalogBackup> {
    expect((await t.call('PATCH', `/api/v1/jobs/${jobId}`, { encryptionProfileId: profile.id })).status).toBe(200);
    const run = await t.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    expect(run.body.execution, JSON.stringify(run.body)).toMatchObject({ status: 'succeeded', error: null });
    const { destination } = await t.services.destinations.open(destinationId);
    const backups = (await scanDestination(destination)).backups.filter((b) => b.sidecar.encryption?.profileId === profile.id);
    expect(backups).toHaveLength(1);
    expect(backups[0]!.key).toMatch(/\.zst\.age$/);
    return backups[0]!;
  }

  async function restoreAndCompare(backup: CatalogBackup, decryption: Awaited<ReturnType<typeof t.services.encryption.decryptionFor>>): Promise<void> {
    const { destination } = await t.services.destinations.open(destinationId);
    const target = await engine.target();
    try {
      await runRestore({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, target: engine.source(), options: { database: target.name }, decryption, signal: new AbortController().signal });
      expect(await engine.fingerprint(target.name)).toEqual(await engine.fingerprint(seeded.database));
    } finally {
      await target.cleanup();
    }
  }

  it('generated identity: restores with the stored key, and standard age reads it through the recovery kit', async () => {
    const profile = (await t.call('POST', '/api/v1/encryption-profiles', { name: 'team', kind: 'generated', recipients: [offline.recipient] })).body;
    const backup = await backupWith(profile);
    expect(backup.sidecar.encryption).toEqual({
      algorithm: 'age', profileId: profile.id, passphrase: false,
      recipients: profile.recipients.map((r: { fingerprint: string }) => r.fingerprint),
    });
    await restoreAndCompare(backup, await t.services.encryption.decryptionFor(backup.sidecar));

    const kit = path.join(dir, 'recovery-kit.txt');
    writeFileSync(kit, await (await t.app.request(`/api/v1/encryption-profiles/${profile.id}/recovery-kit`)).text(), { mode: 0o600 });
    const target = await engine.target();
    try {
      // The kit's own command: age -d -i recovery-kit.txt "$F" | zstd -dc | <engine tool>, wired with OS pipes.
      const age = spawnTool('age', ['-d', '-i', kit, path.join(dir, backup.key)]);
      const zstd = spawnTool('zstd', ['-dc'], { stdin: age.child.stdout! });
      const [tool, args] = engine.restoreTool(target.name);
      const restore = spawnTool(tool, args, { stdin: zstd.child.stdout!, stdout: 'ignore' });
      // Each child holds its own copy of the pipe; ours must close or the producers never report 'close'.
      age.child.stdout!.destroy();
      zstd.child.stdout!.destroy();
      await Promise.all([age.done, zstd.done, restore.done]);
      expect(await engine.fingerprint(target.name)).toEqual(await engine.fingerprint(seeded.database));
    } finally {
      await target.cleanup();
      rmSync(kit, { force: true });
    }
  });

  it('recipient-only: backs up without a private key; restore needs the identity given at restore time', async () => {
    const profile = (await t.call('POST', '/api/v1/encryption-profiles', { name: 'write-only', kind: 'recipients', recipients: [offline.recipient] })).body;
    const backup = await backupWith(profile);
    expect(backup.sidecar.encryption).toMatchObject({ recipients: [recipientFingerprint(offline.recipient)], passphrase: false });

    await expect(t.services.encryption.decryptionFor(backup.sidecar)).rejects.toThrow(/"write-only".*write-only profile.*give the identity/);
    await expect(t.services.encryption.decryptionFor(backup.sidecar, { identity: generateIdentity().identity })).rejects.toThrow(/does not match any recipient/);
    const { destination } = await t.services.destinations.open(destinationId);
    await expect(runRestore({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, target: engine.source(), options: { database: 'unused' }, signal: new AbortController().signal })).rejects.toThrow(/encrypted/);

    const identityFile = formatIdentityFile(offline, new Date());
    await restoreAndCompare(backup, await t.services.encryption.decryptionFor(backup.sidecar, { identity: identityFile }));
  });

  it('passphrase: restores with the stored passphrase, or one given at restore time', async () => {
    const profile = (await t.call('POST', '/api/v1/encryption-profiles', { name: 'words', kind: 'passphrase', passphrase: 'long enough passphrase' })).body;
    const backup = await backupWith(profile);
    expect(backup.sidecar.encryption).toEqual({ algorithm: 'age', profileId: profile.id, recipients: [], passphrase: true });
    await restoreAndCompare(backup, await t.services.encryption.decryptionFor(backup.sidecar));

    // Once the profile is gone, only the passphrase given now can read its backups (which stay on storage).
    await t.call('PATCH', `/api/v1/jobs/${jobId}`, { encryptionProfileId: null });
    expect((await t.call('DELETE', `/api/v1/encryption-profiles/${profile.id}`)).status).toBe(204);
    await expect(t.services.encryption.decryptionFor(backup.sidecar)).rejects.toThrow(/give the passphrase/);
    // (Not restored again: scrypt's deliberate cost is seconds per use on a busy machine; one-off keys are restored above.)
    expect(await t.services.encryption.decryptionFor(backup.sidecar, { passphrase: 'long enough passphrase' })).toBeDefined();
  });
});
