import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverInterrupted } from '../../../src/jobs/recovery.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { stagingRecorder } from '../../../src/services/restore/staging-recovery.js';
import { engineTarget } from '../../../src/services/restore/targets/engines.js';
import { createDatabase as createMysqlDatabase, fingerprintMysql, mysqlSource } from '../../support/mysql-fixture.js';
import { PG_CONFIG, fingerprintPostgres, pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { MARIADB_ADMIN, dropMariadb, dropPostgres, scratchName, withMariadb, withPgAdmin } from '../../support/databases.js';
import type { Source } from '../../../src/adapters/sources/types.js';
import { backUp, flipByte, localFolder, restoreApp, truncate } from './restore-support.js';

const MARK = '__lifeboat_restore_';

/**
 * A restore asked to create its target (here with one-off privileged credentials, for a source user who cannot
 * create databases) goes through a staging database: whatever fails, and after a crash once recovery ran, there
 * is no empty target and no staging database left; a success leaves exactly the target.
 */
describe('restore into a database Lifeboat creates', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  const weak = { user: `lifeboat_weak_${randomBytes(4).toString('hex')}`, password: `pw-${randomBytes(6).toString('hex')}` };
  const drops: (() => Promise<unknown>)[] = [];
  /** Sources whose user cannot create databases: the restore needs the one-off credentials. */
  const weakIds = { postgres: '', mysql: '' };

  /** Every database of the server named `target` or `<target>__lifeboat_restore_<id>`. */
  const left = {
    postgres: async (target: string) => (await withPgAdmin((c) => c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname = $1 OR left(datname, $2) = $3', [target, target.length + MARK.length, `${target}${MARK}`]))).rows.map((r) => r.datname).sort(),
    mysql: async (target: string) => (await withMariadb(async (c) => (await c.query('SELECT SCHEMA_NAME AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ? OR LEFT(SCHEMA_NAME, ?) = ?', [target, target.length + MARK.length, `${target}${MARK}`]))[0] as { n: string }[])).map((r) => r.n).sort(),
  };
  const engines = {
    postgres: { id: () => weakIds.postgres, fingerprint: fingerprintPostgres, seeded: '', key: '', expected: {} as Record<string, unknown>, drop: dropPostgres, source: () => pgSource(), config: () => ({ ...PG_CONFIG, ...weak }) },
    mysql: { id: () => weakIds.mysql, fingerprint: fingerprintMysql, seeded: '', key: '', expected: {} as Record<string, unknown>, drop: dropMariadb, source: () => mysqlSource(), config: () => ({ ...MARIADB_ADMIN, ...weak }) },
  };
  const target = (engine: keyof typeof engines) => { const name = scratchName(); drops.push(() => engines[engine].drop(name)); return name; };

  beforeAll(async () => {
    app = await restoreApp(folder.dir);
    await withPgAdmin((c) => c.query(`CREATE ROLE ${weak.user} LOGIN NOCREATEDB PASSWORD '${weak.password}'`));
    await withMariadb((c) => c.query(`CREATE USER '${weak.user}'@'%' IDENTIFIED BY '${weak.password}'`));
    const pgWeak = await app.call('POST', '/api/v1/sources', { name: 'weak postgres', kind: 'postgres', config: { ...PG_CONFIG, ...weak } });
    const mysqlWeak = await app.call('POST', '/api/v1/sources', { name: 'weak mariadb', kind: 'mysql', config: { ...MARIADB_ADMIN, ...weak } });
    weakIds.postgres = pgWeak.body.id as string;
    weakIds.mysql = mysqlWeak.body.id as string;
    const seeded = await seedPostgres(scratchName());
    drops.push(seeded.cleanup);
    engines.postgres.seeded = seeded.database;
    engines.postgres.key = await backUp(pgSource(), folder.destination, seeded.database);
    engines.postgres.expected = await fingerprintPostgres(seeded.database);
    const mysqlSeeded = scratchName();
    drops.push(() => dropMariadb(mysqlSeeded));
    await createMysqlDatabase(mysqlSeeded);
    // Plain tables only: a trigger's DEFINER would need more than the grants a source user gets on its database.
    await withMariadb((c) => c.query(`CREATE TABLE a (id INT PRIMARY KEY, label VARCHAR(64)); INSERT INTO a SELECT seq, MD5(seq) FROM seq_1_to_5000; CREATE TABLE b (id INT PRIMARY KEY, a_id INT, FOREIGN KEY (a_id) REFERENCES a(id)); INSERT INTO b SELECT seq, seq FROM seq_1_to_500`), mysqlSeeded);
    engines.mysql.seeded = mysqlSeeded;
    engines.mysql.key = await backUp(mysqlSource(), folder.destination, mysqlSeeded);
    engines.mysql.expected = await fingerprintMysql(mysqlSeeded);
  });
  afterAll(async () => {
    await app?.stop();
    for (const drop of drops.reverse()) await drop().catch(() => undefined);
    await withPgAdmin((c) => c.query(`DROP ROLE IF EXISTS ${weak.user}`)).catch(() => undefined);
    await withMariadb((c) => c.query(`DROP USER IF EXISTS '${weak.user}'@'%'`)).catch(() => undefined);
    folder.cleanup();
  });

  const createWith = { postgres: { user: 'postgres' }, mysql: { user: 'root' } };

  describe.each(['postgres', 'mysql'] as const)('%s', (engine) => {
    it.each([
      ['a truncated artifact', (k: string) => truncate(folder.dir, k, 30_000), /truncated|damaged/],
      ['a tampered artifact', (k: string) => flipByte(folder.dir, k, 20_000), /damaged or was altered/],
    ])('leaves neither the target nor a staging database after %s', async (_name, damage, message) => {
      const copy = await backUp(engines[engine].source(), folder.destination, engines[engine].seeded);
      damage(copy);
      const database = target(engine);
      const run = await app.restore({ destinationId: app.diskId, keys: [copy], targetSourceId: engines[engine].id(), database, createWith: createWith[engine] });
      expect(run.body.status, JSON.stringify(run.body)).toBe('failed');
      expect(run.body.error).toMatch(message);
      expect(await left[engine](database)).toEqual([]);
      const logs = await app.call('GET', `/api/v1/executions/${run.body.id}/logs`);
      expect(JSON.stringify(logs.body)).toMatch(engine === 'postgres' ? /Dropped staging database/ : /Restoring into staging database/);
    });

    it('leaves exactly the target, fully restored and usable by the source user, when it succeeds', async () => {
      const database = target(engine);
      const run = await app.restore({ destinationId: app.diskId, keys: [engines[engine].key], targetSourceId: engines[engine].id(), database, createWith: createWith[engine] });
      expect(run.body.status, JSON.stringify(run.body)).toBe('succeeded');
      expect(await left[engine](database)).toEqual([database]);
      expect(await engines[engine].fingerprint(database)).toEqual(engines[engine].expected);
      if (engine === 'mysql') {
        // The grant made on the staging database with the one-off credentials went with it.
        const grants = await withMariadb(async (c) => JSON.stringify((await c.query(`SHOW GRANTS FOR '${weak.user}'@'%'`))[0]));
        expect(grants).toContain(database);
        expect(grants).not.toMatch(/lifeboat\\*_restore/);
      }
    });

    it('drops the staging database of a restore killed half-way when recovery runs, and says so on the execution', async () => {
      const database = target(engine);
      const execution = (await app.services.executions.enqueue({ type: 'restore', trigger: 'manual', sourceId: engines[engine].id(), payload: null }))!;
      await app.services.executions.repo.update(execution.id, { status: 'running', started_at: new Date().toISOString(), worker: 'gone' }, 'queued');
      // The restore's own code path up to the moment the process dies: staging recorded and created, data flowing in.
      let reached!: (staging: string | undefined) => void;
      const inside = new Promise<string | undefined>((resolve) => { reached = resolve; });
      const never = new Promise<void>(() => undefined);
      void engineTarget(engine).strategy(
        {
          // As a restore with one-off credentials does it: recovery then drops it with the source's own credentials.
          source: engines[engine].source(), config: engines[engine].config(), database, clean: false, tables: undefined,
          admin: createWith[engine], signal: new AbortController().signal, log: async () => undefined,
          recordStaging: stagingRecorder(app.services.executions.repo, execution.id, true),
        },
        async (_source: Source, staging) => { reached(staging); await never; },
      );
      const staging = (await inside)!;
      drops.push(() => engines[engine].drop(staging));
      expect(await left[engine](database)).toEqual([staging]);
      expect((await app.services.executions.get(execution.id)).result).toMatchObject({ staging: [{ engine, database: staging, target: database }] });

      await recoverInterrupted({ executions: app.services.executions, clock: app.runtime.clock, logger: silentLogger, cleanUp: (row) => app.services.restore.cleanUpInterrupted(row) });
      expect(await left[engine](database)).toEqual([]);
      const after = await app.services.executions.get(execution.id);
      expect(after.status).toBe('failed');
      expect(after.error).toContain(`Dropped staging database ${staging}`);
    });

    it('drops nothing that is not a recorded staging database of this server, and says what to drop by hand', async () => {
      const database = target(engine);
      const elsewhere = `${database}${MARK}0123abcd`;
      drops.push(() => engines[engine].drop(elsewhere));
      const create = (name: string) => engine === 'postgres' ? withPgAdmin((c) => c.query(`CREATE DATABASE "${name}"`)) : createMysqlDatabase(name);
      await create(database);
      await create(elsewhere);
      const execution = (await app.services.executions.enqueue({ type: 'restore', trigger: 'manual', sourceId: engines[engine].id(), payload: null }))!;
      const staging = [
        { engine, server: engine === 'postgres' ? `${PG_CONFIG.host}:${PG_CONFIG.port}` : '127.0.0.1:3306', database, target: database },
        { engine, server: '127.0.0.1:1', database: elsewhere, target: database, oneOff: true },
      ];
      await app.services.executions.repo.update(execution.id, { status: 'running', started_at: new Date().toISOString(), result: JSON.stringify({ staging }) }, 'queued');
      await recoverInterrupted({ executions: app.services.executions, clock: app.runtime.clock, logger: silentLogger, cleanUp: (row) => app.services.restore.cleanUpInterrupted(row) });
      expect(await left[engine](database)).toEqual([database, elsewhere].sort());
      const quoted = engine === 'postgres' ? `"${elsewhere}"` : `\`${elsewhere}\``;
      expect((await app.services.executions.get(execution.id)).error).toContain(`drop it by hand on 127.0.0.1:1: DROP DATABASE ${quoted};`);
    });
  });

});
