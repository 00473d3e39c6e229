import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLifeboat } from '../../support/cli.js';
import { createScratchMariadb, createScratchPostgres, PG_ADMIN_URL } from '../../support/databases.js';
import { fingerprintMysql, seedMysql } from '../../support/mysql-fixture.js';
import { fingerprintPostgres, seedPostgres } from '../../support/postgres-fixture.js';
import { fingerprintSqlite, seedSqlite } from '../../support/sqlite-fixture.js';

const MARIADB_URL = 'mysql://root@127.0.0.1:3306/';

/** `lifeboat backup`, `ls` and `restore` as a user types them, against the machine's servers, compared by data. */
describe('lifeboat backup / ls / restore', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-cli-'));
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const json = async (args: string[]) => {
    const result = await runLifeboat([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };

  let pg: Awaited<ReturnType<typeof seedPostgres>>;
  beforeAll(async () => {
    pg = await seedPostgres();
    cleanups.push(() => pg.cleanup());
  });

  it('round-trips a PostgreSQL database with a hostile name under a new name, gzip-compressed', async () => {
    const to = path.join(dir, 'pg');
    const backup = await json(['backup', '--source', PG_ADMIN_URL, '--database', pg.database, '--to', to, '--compress', 'gzip:6', '--name', 'main-pg']);
    expect(backup).toMatchObject({ key: expect.stringMatching(/^main-pg\/.+\.dump\.gz$/), size: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const listed = await json(['ls', to]);
    expect(listed.backups).toEqual([expect.objectContaining({ key: backup.key, engine: 'postgres', database: pg.database, source: 'main-pg', compression: 'gzip', encrypted: false, size: backup.size })]);

    const target = await createScratchPostgres();
    cleanups.push(target.drop);
    const restored = await json(['restore', '--from', to, '--key', backup.key, '--target', PG_ADMIN_URL, '--database', target.name]);
    expect(restored).toMatchObject({ key: backup.key, database: target.name });
    expect(await fingerprintPostgres(target.name)).toEqual(await fingerprintPostgres(pg.database));
  });

  it('round-trips a MariaDB database with zstd and flags an artifact without a sidecar as an orphan', async () => {
    const source = await createScratchMariadb();
    cleanups.push(source.drop);
    await seedMysql(source.name);
    const to = path.join(dir, 'mariadb');
    const backup = await json(['backup', '--source', MARIADB_URL, '--database', source.name, '--to', to, '--compress', 'zstd']);
    writeFileSync(path.join(to, 'stray.sql.zst'), 'not a backup');

    const listed = await json(['ls', to]);
    expect(listed.backups.map((b: { key: string }) => b.key)).toEqual([backup.key]);
    expect(listed.orphans).toEqual([{ key: 'stray.sql.zst', size: 12, orphan: true }]);

    const target = await createScratchMariadb();
    cleanups.push(target.drop);
    await json(['restore', '--from', to, '--key', backup.key, '--target', MARIADB_URL, '--database', target.name]);
    expect(await fingerprintMysql(target.name)).toEqual(await fingerprintMysql(source.name));
  });

  it('round-trips a live SQLite file into a new file', async () => {
    const file = path.join(dir, 'app.db');
    seedSqlite(file).close();
    const to = path.join(dir, 'sqlite');
    const backup = await json(['backup', '--source', `sqlite://${file}`, '--to', to, '--compress', 'brotli']);
    const copy = path.join(dir, 'restored.db');
    await json(['restore', '--from', to, '--key', backup.key, '--target', `sqlite://${copy}`]);
    expect(fingerprintSqlite(copy)).toEqual(fingerprintSqlite(file));
  });

  it('fails within 10 s on an unreachable host, naming it, and leaves nothing behind', async () => {
    const to = path.join(dir, 'unreachable');
    const started = Date.now();
    const result = await runLifeboat(['backup', '--source', 'postgres://postgres@127.0.0.1:1/postgres', '--to', to]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // No artifact, partial file or sidecar (the upload may have created its folder before the test failed).
    const files = existsSync(to) ? readdirSync(to, { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory()) : [];
    expect(files.map((entry) => entry.name)).toEqual([]);
  });

  it('refuses an unknown compression, naming it, before dumping anything', async () => {
    const result = await runLifeboat(['backup', '--source', PG_ADMIN_URL, '--to', path.join(dir, 'bad'), '--compress', 'lz4']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lz4/);
    expect(existsSync(path.join(dir, 'bad'))).toBe(false);
  });

});
