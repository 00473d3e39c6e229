import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createDatabase, fingerprintMysql, mysqlSource, q, seedMysql } from '../../support/mysql-fixture.js';
import { dropMariadb, scratchName, withMariadb } from '../../support/databases.js';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { readBackup } from '../../../src/services/restore/artifact.js';
import { restoreArtifact } from '../../../src/services/restore/restore-runner.js';
import { MARIADB_ADMIN } from '../../support/databases.js';
import { backUp, flipByte, localFolder, restoreApp, truncate } from './restore-support.js';

describe('restore into MariaDB', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  const seeded = scratchName();
  let key: string;
  let expected: Awaited<ReturnType<typeof fingerprintMysql>>;
  const names: string[] = [seeded];
  const scratch = () => { const name = scratchName(); names.push(name); return name; };

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    await createDatabase(seeded);
    await seedMysql(seeded);
    key = await backUp(mysqlSource(), folder.destination, seeded);
    expected = await fingerprintMysql(seeded);
  });
  afterAll(async () => {
    for (const name of names) await dropMariadb(name).catch(() => undefined);
    const staging = await withMariadb(async (c) => (await c.query(`SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE '%\\_\\_lifeboat\\_restore\\_%'`))[0] as { n: string }[]);
    const left = staging.filter((s) => names.some((name) => s.n.startsWith(`${name}__lifeboat_restore_`)));
    await app?.stop();
    folder.cleanup();
    expect(left).toEqual([]); // no staging database is ever left behind
  });

  async function occupiedTarget() {
    const name = scratch();
    await createDatabase(name);
    await withMariadb((c) => c.query(`CREATE TABLE plain (id INT PRIMARY KEY, label VARCHAR(50)); INSERT INTO plain VALUES (1, 'before'), (2, 'untouched')`), name);
    return { name, before: await fingerprintMysql(name) };
  }

  it('restores under a new name with views, triggers and routines', async () => {
    const database = scratch();
    const run = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.mysqlId, database });
    expect(run.body.status, run.body.error).toBe('succeeded');
    expect(await fingerprintMysql(database)).toEqual(expected);
  });

  it('refuses to replace existing tables without clean, and replaces them with clean', async () => {
    const target = await occupiedTarget();
    const refused = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.mysqlId, database: target.name });
    expect(refused.body.status).toBe('failed');
    expect(refused.body.error).toMatch(/already has plain: restore with clean/);
    expect(await fingerprintMysql(target.name)).toEqual(target.before);
    const replaced = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.mysqlId, database: target.name, clean: true });
    expect(replaced.body.status, replaced.body.error).toBe('succeeded');
    expect(await fingerprintMysql(target.name)).toEqual(expected);
  });

  it.each([
    ['a flipped byte', (k: string) => flipByte(folder.dir, k, 20_000), /damaged or was altered/],
    ['a truncated artifact', (k: string) => truncate(folder.dir, k, 30_000), /truncated|damaged/],
  ])('leaves the target exactly as it was after %s', async (_name, damage, message) => {
    const copy = await backUp(mysqlSource(), folder.destination, seeded);
    damage(copy);
    const target = await occupiedTarget();
    const run = await app.restore({ destinationId: app.diskId, keys: [copy], targetSourceId: app.mysqlId, database: target.name, clean: true });
    expect(run.body.status).toBe('failed');
    expect(run.body.error).toMatch(message);
    expect(await fingerprintMysql(target.name)).toEqual(target.before);
  });

  it('leaves the target as it was when cancelled mid-stream', async () => {
    const target = await occupiedTarget();
    const backup = await readBackup(folder.destination, key);
    const controller = new AbortController();
    // Storage that delivers the first bytes, then stalls until the restore is cancelled.
    const stalling: Destination = Object.create(folder.destination, {
      get: { value: async (k: string, range: unknown, signal?: AbortSignal) => {
        if (k.endsWith('.meta.json')) return folder.destination.get(k, undefined, signal);
        const whole = await folder.destination.get(k);
        let sent = false;
        return new Readable({ read() { if (!sent) { sent = true; whole.once('readable', () => { this.push(whole.read(16 * 1024)); setImmediate(() => controller.abort()); }); } } });
      } },
    });
    const restoring = restoreArtifact({
      destination: stalling, backup, target: { source: mysqlSource(), engine: 'mysql', config: { ...MARIADB_ADMIN }, name: 'mariadb' },
      database: target.name, clean: true, allowNewerDump: false, signal: controller.signal, log: async () => undefined,
    });
    await expect(restoring).rejects.toThrow(/cancel/i);
    expect(await fingerprintMysql(target.name)).toEqual(target.before);
  });

  it('lists tables from the dump and restores only the chosen ones', async () => {
    const listed = await app.call('GET', `/api/v1/destinations/${app.diskId}/backups/tables?key=${encodeURIComponent(key)}`);
    expect(listed.body.tables.map((t: { name: string }) => t.name).sort()).toEqual(Object.keys(expected).filter((k) => k !== '(objects)').sort());
    const database = scratch();
    const run = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.mysqlId, database, tables: ['plain'] });
    expect(run.body.status, run.body.error).toBe('succeeded');
    const restored = await fingerprintMysql(database);
    expect(restored.plain).toEqual(expected.plain);
    expect(Object.keys(restored).sort()).toEqual(['(objects)', 'plain']);
    expect(restored['(objects)']!.checksum).toBe('trigger:plain_guard'); // the table's trigger comes with it
    await withMariadb((c) => c.query(`SELECT 1 FROM ${q(database)}.plain LIMIT 1`));
  });
});
