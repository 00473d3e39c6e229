import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_CONFIG, createDatabase, fingerprintPostgres, pgSource, seedPostgres, withPgDatabase } from '../../support/postgres-fixture.js';
import { readBackup } from '../../../src/services/restore/artifact.js';
import { oneOffDecryptionFor } from '../../../src/services/restore/decryption.js';
import { restoreArtifact } from '../../../src/services/restore/restore-runner.js';
import { dropPostgres, scratchName, withPgAdmin } from '../../support/databases.js';
import { backUp, editSidecar, encryptionSlot, flipByte, localFolder, restoreApp, truncate } from './restore-support.js';

describe('restore into PostgreSQL', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let key: string;
  let expected: Awaited<ReturnType<typeof fingerprintPostgres>>;
  const cleanups: (() => Promise<void>)[] = [];
  const scratch = () => { const name = scratchName(); cleanups.push(() => dropPostgres(name)); return name; };

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    seeded = await seedPostgres(scratchName());
    key = await backUp(pgSource(), folder.destination, seeded.database);
    expected = await fingerprintPostgres(seeded.database);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    await seeded?.cleanup();
    await app?.stop();
    folder.cleanup();
  });

  /** An existing database holding other data, restored over with clean: a failure must leave it exactly as it was. */
  async function occupiedTarget() {
    const name = scratch();
    await createDatabase(name);
    await withPgDatabase(name, (c) => c.query(`CREATE TABLE public.items (id int, label text); INSERT INTO public.items VALUES (1, 'before'), (2, 'untouched')`));
    return { name, before: await fingerprintPostgres(name) };
  }

  it('restores under a new name, as an execution with progress and logs', async () => {
    const database = scratch();
    const run = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.pgId, database });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toMatchObject({ type: 'restore', status: 'succeeded', sourceId: app.pgId });
    expect(run.body.progress.bytes).toBeGreaterThan(0);
    expect(await fingerprintPostgres(database)).toEqual(expected);
    const logs = await app.call('GET', `/api/v1/executions/${run.body.id}/logs`);
    expect(logs.body.map((l: { message: string }) => l.message).join('\n')).toMatch(/Created database[\s\S]*Restored/);
  });

  it('maps several databases of one backup run to new names', async () => {
    const other = await seedPostgres(scratchName());
    cleanups.push(other.cleanup);
    const otherKey = await backUp(pgSource(), folder.destination, other.database);
    const [a, b] = [scratch(), scratch()];
    const run = await app.restore({ destinationId: app.diskId, keys: [key, otherKey], targetSourceId: app.pgId, mapping: { [seeded.database]: a, [other.database]: b } });
    expect(run.body.status, run.body.error).toBe('succeeded');
    expect(await fingerprintPostgres(a)).toEqual(expected);
    expect(await fingerprintPostgres(b)).toEqual(await fingerprintPostgres(other.database));
  });

  it('refuses a dump from a newer server major unless allowNewerDump, and another engine', async () => {
    const copy = await backUp(pgSource(), folder.destination, seeded.database);
    editSidecar(folder.dir, copy, (s) => { s.source.serverVersion = '99.1'; });
    const database = scratch();
    const refused = await app.call('POST', '/api/v1/restores', { destinationId: app.diskId, keys: [copy], targetSourceId: app.pgId, database });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/dumped from postgres 99\.1, newer than the target server .*allowNewerDump/);
    const forced = await app.restore({ destinationId: app.diskId, keys: [copy], targetSourceId: app.pgId, database, allowNewerDump: true });
    expect(forced.body.status, forced.body.error).toBe('succeeded');
    const mismatch = await app.call('POST', '/api/v1/restores', { destinationId: app.diskId, keys: [key], targetSourceId: app.mysqlId, database });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.message).toMatch(/postgres backup; the target "machine mariadb" is mysql/);
  });

  it.each([
    ['a flipped byte', (k: string) => flipByte(folder.dir, k, 5000), /damaged or was altered/],
    ['a truncated artifact', (k: string) => truncate(folder.dir, k, 6000), /truncated|damaged/],
  ])('leaves the target exactly as it was after %s', async (_name, damage, message) => {
    const copy = await backUp(pgSource(), folder.destination, seeded.database);
    damage(copy);
    const target = await occupiedTarget();
    const run = await app.restore({ destinationId: app.diskId, keys: [copy], targetSourceId: app.pgId, database: target.name, clean: true });
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toMatch(message);
    expect(await fingerprintPostgres(target.name)).toEqual(target.before);
  });

  it('leaves the target as it was with a wrong key, and restores with the right one (never recording it)', async () => {
    const { identity, slot } = encryptionSlot();
    const encrypted = await backUp(pgSource(), folder.destination, seeded.database, slot);
    const target = await occupiedTarget();
    const request = { destinationId: app.diskId, keys: [encrypted], targetSourceId: app.pgId, database: target.name, clean: true };
    const missing = await app.call('POST', '/api/v1/restores', request);
    expect(missing.body.error.message).toMatch(/encrypted/);
    const wrongIdentity = encryptionSlot().identity;
    const wrong = await app.restore({ ...request, decryption: { identity: wrongIdentity } });
    // Refused before anything is downloaded when the key matches no recipient, or failed while decrypting.
    expect(wrong.status === 400 || wrong.body.status === 'failed', JSON.stringify(wrong.body)).toBe(true);
    expect(await fingerprintPostgres(target.name)).toEqual(target.before);
    // The pipeline itself, with a key it only finds wrong while decrypting.
    const backup = await readBackup(folder.destination, encrypted);
    const decryption = await oneOffDecryptionFor(backup.sidecar, { decryption: { identity: wrongIdentity } });
    await expect(restoreArtifact({
      destination: folder.destination, backup, target: { source: pgSource(), engine: 'postgres', config: { ...PG_CONFIG }, name: 'pg' },
      database: target.name, clean: true, allowNewerDump: false, decryption, signal: new AbortController().signal, log: async () => undefined,
    })).rejects.toThrow();
    expect(await fingerprintPostgres(target.name)).toEqual(target.before);
    const right = await app.restore({ ...request, decryption: { identity } });
    expect(right.body.status, right.body.error).toBe('succeeded');
    expect(await fingerprintPostgres(target.name)).toEqual(expected);
    const stored = await app.runtime.appDb.db.selectFrom('executions').select('payload').where('id', '=', right.body.id).executeTakeFirstOrThrow();
    expect(stored.payload).not.toContain(identity);
    expect(stored.payload).toContain('"decryption":true');
  });

  it('lists the tables of a backup from the backup itself, and restores only the chosen ones', async () => {
    const listed = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/tables?key=${encodeURIComponent(key)}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.tables.map((t: { name: string }) => t.name).sort()).toEqual(Object.keys(expected).sort());
    const database = scratch();
    const run = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.pgId, database, tables: ['public.items', 'public.empty_table'] });
    expect(run.body.status, run.body.error).toBe('succeeded');
    expect(await fingerprintPostgres(database)).toEqual({ 'public.empty_table': expected['public.empty_table'], 'public.items': expected['public.items'] });
  });

  it('creates a missing database with one-off privileged credentials for a user who cannot', async () => {
    const role = `lifeboat_test_role_${Date.now()}`;
    await withPgAdmin((c) => c.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`));
    cleanups.push(() => withPgAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}`)).then(() => undefined));
    const weak = await app.call('POST', '/api/v1/sources', { name: 'weak', kind: 'postgres', config: { host: '127.0.0.1', port: 5432, user: role, sslmode: 'disable' } });
    const database = scratch();
    cleanups.unshift(() => dropPostgres(database)); // before the role, which owns it
    const refused = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: weak.body.id, database });
    expect(refused.body.status).toBe('failed');
    expect(refused.body.error).toMatch(/permission denied to create database/);
    const run = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: weak.body.id, database, tables: ['public.items'], createWith: { user: 'postgres', password: 'not-needed-here' } });
    expect(run.body.status, run.body.error).toBe('succeeded');
    expect((await fingerprintPostgres(database))['public.items']).toEqual(expected['public.items']);
    const logs = await app.call('GET', `/api/v1/executions/${run.body.id}/logs`);
    expect(JSON.stringify(logs.body)).not.toContain('not-needed-here');
  });
});
