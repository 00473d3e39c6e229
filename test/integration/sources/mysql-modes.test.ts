import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlSourcePlugin } from '../../../src/adapters/sources/mysql/mysql.plugin.js';
import { dropMariadb, scratchName, withMariadb } from '../../support/databases.js';
import { createDatabase, fingerprintMysql, mysqlSource, q, seedMysql } from '../../support/mysql-fixture.js';

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const never = () => new AbortController().signal;

describe('MySQL/MariaDB source: modes, failures and tools', () => {
  const seeded = scratchName();
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    await createDatabase(seeded);
    cleanups.push(() => dropMariadb(seeded));
    await seedMysql(seeded);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function target(): Promise<string> {
    const name = scratchName();
    await createDatabase(name);
    cleanups.push(() => dropMariadb(name));
    return name;
  }

  async function dumpText(database: string, mode: 'full' | 'schema' | 'data', source = mysqlSource()) {
    const dump = await source.dump({ database, mode }, never());
    const bytes = await collect(dump.stream);
    await dump.done;
    return bytes;
  }

  it('dumps the schema only, then the data only, and the two restore to the same data', async () => {
    const schema = await dumpText(seeded, 'schema');
    const data = await dumpText(seeded, 'data');
    expect(schema.toString()).toContain('CREATE TABLE');
    expect(schema.toString()).not.toContain('INSERT INTO');
    expect(data.toString()).toContain('INSERT INTO');
    expect(data.toString()).not.toContain('CREATE TABLE');
    const into = await target();
    const source = mysqlSource();
    for (const bytes of [schema, data]) {
      const input = new PassThrough();
      input.end(bytes);
      await source.restore(input, { database: into, format: 'mysql-sql' }, never());
    }
    expect(await fingerprintMysql(into)).toEqual(await fingerprintMysql(seeded));
  });

  it('restores straight from the running dump tool', async () => {
    const into = await target();
    const source = mysqlSource();
    const dump = await source.dump({ database: seeded, mode: 'full' }, never());
    await Promise.all([source.restore(dump.stream, { database: into, format: 'mysql-sql' }, never()), dump.done]);
    expect(await fingerprintMysql(into)).toEqual(await fingerprintMysql(seeded));
  });

  it('reports the engine\'s row estimates, marked as such, from the catalog', async () => {
    const stats = await mysqlSource().tableStats!(seeded, 'estimates');
    expect(stats).toMatchObject({ level: 'estimates', checksum: null });
    expect(stats.tables.map((t) => t.table)).toEqual(['odd table `q\'"ü 表', 'plain']);
    // InnoDB samples pages: near the count, not necessarily equal to it.
    expect(stats.tables[1]!.rows).toBeGreaterThan(1000);
    expect(stats.tables.every((t) => t.checksum === undefined)).toBe(true);
  });

  it('reports exact row counts and checksums, the same after a restore, and different when one value changes', async () => {
    const source = mysqlSource();
    const stats = await source.tableStats!(seeded, 'exact');
    expect(stats).toEqual({ level: 'exact', checksum: 'mariadb-checksum-table-extended', tables: [
      { table: 'odd table `q\'"ü 表', rows: 4, checksum: expect.stringMatching(/^\d+$/) as string },
      { table: 'plain', rows: 2000, checksum: expect.stringMatching(/^\d+$/) as string },
    ] });
    const into = await target();
    const dump = await source.dump({ database: seeded, mode: 'full', tableStats: 'exact' }, never());
    await Promise.all([source.restore(dump.stream, { database: into, format: 'mysql-sql' }, never()), dump.done]);
    expect(await dump.tableStats).toEqual(stats);
    expect(await source.tableStats!(into, 'exact')).toEqual(stats);

    await withMariadb((c) => c.query(`UPDATE plain SET label = 'row 1000 ' WHERE id = 1000`), into);
    const changed = await source.tableStats!(into, 'exact');
    expect(changed.tables[1]).toMatchObject({ table: 'plain', rows: 2000 });
    expect(changed.tables[1]!.checksum).not.toBe(stats.tables[1]!.checksum);
    expect(changed.tables[0]).toEqual(stats.tables[0]);
  });

  it('fails midway when the user may not read a table, naming it', async () => {
    const user = `${scratchName()}_u`.slice(0, 80);
    const password = `pa ss#"'\\;$x`;
    await withMariadb(async (c) => {
      await c.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [user, password]);
    });
    cleanups.push(async () => {
      await withMariadb((c) => c.query(`DROP USER IF EXISTS ?@'%'`, [user]));
    });
    const limited = await withMariadb(async (c) => {
      const name = await target();
      await c.query(`CREATE TABLE ${q(name)}.a (id INT)`);
      await c.query(`INSERT INTO ${q(name)}.a VALUES (1)`);
      await c.query(`CREATE TABLE ${q(name)}.b (id INT, secret TEXT)`);
      await c.query(`GRANT SELECT ON ${q(name)}.a TO ?@'%'`, [user]);
      // A column privilege only: `b` is listed, so the dump starts, writes `a` and then fails on `b`.
      await c.query(`GRANT SELECT (id) ON ${q(name)}.b TO ?@'%'`, [user]);
      return name;
    });
    const source = mysqlSource({ user, password });
    await expect(source.test()).resolves.toMatchObject({ engine: 'mysql' });
    const dump = await source.dump({ database: limited, mode: 'full' }, never());
    dump.stream.resume();
    const error = await dump.done.then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/denied/i);
    expect(error?.message).toMatch(/`b`/);
    expect(error?.message).not.toContain(password);
  });

  it('stops a restore at the first error', async () => {
    const into = await target();
    const input = new PassThrough();
    input.end('CREATE TABLE t (id INT);\nINSERT INTO nope VALUES (1);\nCREATE TABLE after_error (id INT);\n');
    await expect(mysqlSource().restore(input, { database: into, format: 'mysql-sql' }, never())).rejects.toThrow(/nope/);
    const tables = await withMariadb(async (c) => (await c.query('SHOW TABLES'))[0] as unknown[], into);
    expect(tables).toHaveLength(1);
  });

  it('fails the restore when its input fails, naming the input error', async () => {
    const into = await target();
    const input = new PassThrough();
    input.write('CREATE TABLE t (id INT);\nINSERT INTO t VALUES (1),');
    setImmediate(() => input.destroy(new Error('authentication tag mismatch')));
    await expect(mysqlSource().restore(input, { database: into, format: 'mysql-sql' }, never())).rejects.toThrow(/authentication tag mismatch/);
  });

  it('names the Debian package when the dump tool is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const dump = await mysqlSource().dump({ database: seeded, mode: 'full' }, never());
      await expect(dump.done).rejects.toThrow(/mariadb-dump is not installed.*mariadb-client/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('rejects a wrong password without echoing it', async () => {
    await expect(mysqlSource({ password: 'wrong-password-123' }).listDatabases()).rejects.toThrow(/refused the login of user 'root'/);
  });

  it('builds configs from URLs and redacts the password', () => {
    const { config, databases } = mysqlSourcePlugin.fromUrl!(new URL('mariadb://bob:s%40cret@db.example:3307/shop?ssl=required'));
    expect(config).toMatchObject({ host: 'db.example', port: 3307, user: 'bob', password: 's@cret', ssl: 'required' });
    expect(databases).toEqual(['shop']);
    expect(JSON.stringify(mysqlSourcePlugin.redact(config))).not.toContain('s@cret');
  });
});
