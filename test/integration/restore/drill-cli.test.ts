import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, mysqlSource, seedMysql } from '../../support/mysql-fixture.js';
import { pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { dropMariadb, scratchName, withMariadb, withPgAdmin } from '../../support/databases.js';
import { runLifeboat } from '../../support/cli.js';
import { backUp, editSidecar, localFolder } from './restore-support.js';

/** `lifeboat drill` without a server, against the machine's PostgreSQL and MariaDB. */
describe('lifeboat drill', () => {
  const folder = localFolder();
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const mysqlDb = scratchName();
  let pgKey: string;
  let mysqlKey: string;

  beforeAll(async () => {
    seeded = await seedPostgres(scratchName());
    await createDatabase(mysqlDb);
    await seedMysql(mysqlDb);
    pgKey = await backUp(await pgSource(), folder.destination, seeded.database, undefined, 'exact');
    mysqlKey = await backUp(await mysqlSource(), folder.destination, mysqlDb, undefined, 'exact');
  });
  afterAll(async () => {
    await seeded?.cleanup();
    await dropMariadb(mysqlDb);
    folder.cleanup();
    const pgLeft = await withPgAdmin(async (c) => (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'lifeboat\\_drill\\_%'`)).rows);
    const myLeft = await withMariadb(async (c) => (await c.query(`SHOW DATABASES LIKE 'lifeboat\\_%\\_%'`))[0] as Record<string, string>[]);
    expect(pgLeft).toEqual([]);
    expect(myLeft.map((r) => Object.values(r)[0]).filter((n) => /^lifeboat_(drill|staging)_/.test(n!))).toEqual([]);
  });

  const drill = (key: string, target: string, json = true) => runLifeboat(['drill', '--from', folder.dir, '--key', key, '--target', target, ...(json ? ['--json'] : [])]);

  it('passes a PostgreSQL backup and fails, naming the table, when the recorded counts differ', async () => {
    const passed = await drill(pgKey, 'postgres://postgres@127.0.0.1:5432/postgres');
    expect(passed.code, passed.stderr).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ key: pgKey, passed: true, mismatches: [], database: seeded.database });

    editSidecar(folder.dir, pgKey, (s) => { s.tables.find((t: { table: string }) => t.table === 'public.items').rows += 1; });
    const failed = await drill(pgKey, 'postgres://postgres@127.0.0.1:5432/postgres', false);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/FAILED its drill: public\.items: 2004 recorded, 2003 restored/);
  });

  it('passes a MariaDB backup', async () => {
    const passed = await drill(mysqlKey, 'mysql://root@127.0.0.1:3306/');
    expect(passed.code, passed.stderr).toBe(0);
    expect(JSON.parse(passed.stdout)).toMatchObject({ passed: true, tablesCompared: 2 });
  });
});
