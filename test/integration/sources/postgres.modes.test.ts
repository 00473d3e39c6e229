import { PassThrough, type Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, TransientError, ValidationError } from '../../../src/lib/errors.js';
import type { Source } from '../../../src/adapters/sources/types.js';
import { dropPostgres, scratchName, withPgAdmin } from '../../support/databases.js';
import { createDatabase, fingerprintPostgres, hostileDatabaseName, PG_CONFIG, pgSource, seedPostgres, withPgDatabase } from '../../support/postgres-fixture.js';
import { PostgresSource } from '../../../src/adapters/sources/postgres/postgres.source.js';
import { silentLogger } from '../../../src/lib/logger.js';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function streamOf(bytes: Buffer | string): Readable {
  const input = new PassThrough();
  input.end(bytes);
  return input;
}

const signal = () => new AbortController().signal;

async function dumpBytes(source: Source, options: Parameters<Source['dump']>[0]): Promise<{ bytes: Buffer; format: string; extension: string }> {
  const dump = await source.dump(options, signal());
  const [bytes] = await Promise.all([collect(dump.stream), dump.done]);
  return { bytes, format: dump.format, extension: dump.extension };
}

describe('postgres source: modes, globals, selective restore, failures', () => {
  const source = pgSource();
  let seeded: { database: string; cleanup(): Promise<void> };
  let original: Awaited<ReturnType<typeof fingerprintPostgres>>;
  const cleanups: (() => Promise<void>)[] = [];

  async function target(): Promise<string> {
    const db = await createDatabase(hostileDatabaseName());
    cleanups.push(db.cleanup);
    return db.name;
  }

  beforeAll(async () => {
    seeded = await seedPostgres();
    original = await fingerprintPostgres(seeded.database);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await seeded?.cleanup();
  });

  it('lists databases without templates', async () => {
    const databases = await source.listDatabases();
    expect(databases).toContain(seeded.database);
    expect(databases).not.toContain('template0');
    expect(databases).not.toContain('template1');
  });

  it('reports the planner\'s row estimates, marked as such, without checksums', async () => {
    await withPgDatabase(seeded.database, (c) => c.query('ANALYZE'));
    const stats = await source.tableStats!(seeded.database, 'estimates');
    expect(stats.level).toBe('estimates');
    expect(stats.checksum).toBeNull();
    // ANALYZE reads every row of tables this small, so the estimates are the counts.
    expect(stats.tables).toContainEqual({ table: 'public.items', rows: 2003 });
    expect(stats.tables).toContainEqual({ table: 'Schéma with space.Tab "quoted" ünï', rows: 3 });
    expect(stats.tables).toContainEqual({ table: 'public.empty_table', rows: 0 });
  });

  it('reports exact counts and content checksums that follow the content, not the row order or the session', async () => {
    const stats = await source.tableStats!(seeded.database, 'exact');
    expect(stats).toMatchObject({ level: 'exact', checksum: 'pg-md5-sum-v1' });
    const items = stats.tables.find((t) => t.table === 'public.items')!;
    expect(items).toMatchObject({ rows: 2003, checksum: expect.stringMatching(/^\d+$/) as string });
    expect(stats.tables).toContainEqual({ table: 'public.empty_table', rows: 0, checksum: '0' });

    const copy = await target();
    const full = await dumpBytes(source, { database: seeded.database, mode: 'full' });
    await source.restore(streamOf(full.bytes), { database: copy, format: full.format }, signal());
    // Different physical order and a session in another time zone and date style: same figures.
    await withPgDatabase(copy, async (c) => {
      await c.query('CLUSTER public.items USING items_pkey');
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(copy)} SET TimeZone = 'Asia/Kathmandu'`);
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(copy)} SET DateStyle = 'SQL, DMY'`);
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(copy)} SET extra_float_digits = -3`);
    });
    expect(await source.tableStats!(copy, 'exact')).toEqual(stats);

    // One value changed, same count: only that table's checksum moves.
    await withPgDatabase(copy, (c) => c.query(`UPDATE public.items SET label = 'row 1000 ' WHERE label = 'row 1000'`));
    const changed = await source.tableStats!(copy, 'exact');
    const changedItems = changed.tables.find((t) => t.table === 'public.items')!;
    expect(changedItems.rows).toBe(2003);
    expect(changedItems.checksum).not.toBe(items.checksum);
    expect(changed.tables.filter((t) => t.table !== 'public.items')).toEqual(stats.tables.filter((t) => t.table !== 'public.items'));
  });

  it('takes exact fingerprints inside the dump\'s snapshot: rows inserted while the dump runs are in neither', async () => {
    const database = await target();
    await withPgDatabase(database, (c) => c.query(`CREATE TABLE busy (id serial PRIMARY KEY, note text); INSERT INTO busy (note) SELECT 'before ' || i FROM generate_series(1, 500) i`));
    let inserted = 0;
    // Inserted and committed on another connection after the snapshot was exported and pg_dump started.
    class WrittenDuringDump extends PostgresSource {
      protected override async duringSnapshotDump(): Promise<void> {
        await withPgDatabase(database, (c) => c.query(`INSERT INTO busy (note) SELECT 'during ' || i FROM generate_series(1, 250) i`));
        inserted = await withPgDatabase(database, async (c) => Number((await c.query('SELECT count(*) AS n FROM busy')).rows[0].n));
      }
    }
    const busySource = new WrittenDuringDump(PG_CONFIG, { logger: silentLogger });
    const dump = await busySource.dump({ database, mode: 'full', tableStats: 'exact' }, signal());
    const [bytes, , fingerprints] = await Promise.all([collect(dump.stream), dump.done, dump.tableStats!]);
    expect(inserted).toBe(750);
    expect(fingerprints.tables).toEqual([{ table: 'public.busy', rows: 500, checksum: expect.stringMatching(/^\d+$/) as string }]);

    const restored = await target();
    await source.restore(streamOf(bytes), { database: restored, format: dump.format }, signal());
    expect(await source.tableStats!(restored, 'exact')).toEqual(fingerprints);
    // The live table moved on: its figures are not the dump's.
    expect((await source.tableStats!(database, 'exact')).tables[0]!.rows).toBe(750);
  });

  it('dumps schema and data separately; together they restore the whole database', async () => {
    const schema = await dumpBytes(source, { database: seeded.database, mode: 'schema' });
    const data = await dumpBytes(source, { database: seeded.database, mode: 'data' });
    expect(schema).toMatchObject({ format: 'pg-custom', extension: 'dump' });
    expect(schema.bytes.subarray(0, 5).toString()).toBe('PGDMP');
    const database = await target();
    await source.restore(streamOf(schema.bytes), { database, format: schema.format }, signal());
    const afterSchema = await fingerprintPostgres(database);
    expect(Object.keys(afterSchema)).toEqual(Object.keys(original));
    expect(Object.values(afterSchema).every((table) => table.rows === 0)).toBe(true);
    await source.restore(streamOf(data.bytes), { database, format: data.format }, signal());
    expect(await fingerprintPostgres(database)).toEqual(original);
  });

  it('restores one table selectively', async () => {
    const full = await dumpBytes(source, { database: seeded.database, mode: 'full' });
    const database = await target();
    await source.restore(streamOf(full.bytes), { database, format: full.format, tables: ['public.items'] }, signal());
    expect(await fingerprintPostgres(database)).toEqual({ 'public.items': original['public.items'] });
  });

  it('creates a missing target database and replaces objects with clean', async () => {
    const full = await dumpBytes(source, { database: seeded.database, mode: 'full' });
    const database = hostileDatabaseName();
    cleanups.push(() => dropPostgres(database));
    await source.restore(streamOf(full.bytes), { database, format: full.format }, signal());
    await withPgDatabase(database, (c) => c.query('DELETE FROM public.items WHERE id > 10'));
    await source.restore(streamOf(full.bytes), { database, format: full.format, clean: true }, signal());
    expect(await fingerprintPostgres(database)).toEqual(original);
  });

  it('leaves the target untouched when the archive is truncated', async () => {
    const full = await dumpBytes(source, { database: seeded.database, mode: 'full' });
    const database = await target();
    const truncated = full.bytes.subarray(0, Math.floor(full.bytes.length * 0.6));
    await expect(source.restore(streamOf(truncated), { database, format: full.format }, signal())).rejects.toThrow(/pg_restore/);
    expect(await fingerprintPostgres(database)).toEqual({});
  });

  it('refuses a format it does not know', async () => {
    await expect(source.restore(streamOf('x'), { format: 'mysql-sql' }, signal())).rejects.toBeInstanceOf(ValidationError);
  });

  it('dumps roles as a globals script that restores over existing roles', async () => {
    const role = scratchName();
    await withPgAdmin((c) => c.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 3`));
    try {
      const globals = await dumpBytes(source, { mode: 'full', globals: true });
      expect(globals).toMatchObject({ format: 'pg-globals-sql', extension: 'sql' });
      const script = globals.bytes.toString('utf8');
      expect(script).toContain(`CREATE ROLE ${role};`);
      await withPgAdmin((c) => c.query(`DROP ROLE ${role}`));
      // Only our role and an existing one: restoring the whole script would touch roles of other test runs.
      const lines = script.split('\n').filter((line) => line.includes(role) || line === 'CREATE ROLE postgres;');
      await source.restore(streamOf(lines.join('\n')), { format: globals.format }, signal());
      const { rows } = await withPgAdmin((c) => c.query('SELECT rolconnlimit, rolcanlogin FROM pg_roles WHERE rolname = $1', [role]));
      expect(rows).toEqual([{ rolconnlimit: 3, rolcanlogin: true }]);
    } finally {
      await withPgAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });

  it('fails the dump, naming the table, when the user may not read it', async () => {
    const role = scratchName();
    const db = await createDatabase(scratchName());
    try {
      await withPgAdmin((c) => c.query(`CREATE ROLE ${role} LOGIN`));
      await withPgDatabase(db.name, (c) =>
        c.query(`CREATE TABLE readable (id int); CREATE TABLE secret_stuff (id int); GRANT SELECT ON readable TO ${role};`),
      );
      const dump = await pgSource({ user: role }).dump({ database: db.name, mode: 'full' }, signal());
      await collect(dump.stream);
      await expect(dump.done).rejects.toThrow(/pg_dump failed.*permission denied for table secret_stuff/);
    } finally {
      await db.cleanup();
      await withPgAdmin((c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });

  it('cancels a dump midway', async () => {
    const controller = new AbortController();
    const dump = await source.dump({ database: seeded.database, mode: 'full' }, controller.signal);
    await new Promise<void>((resolve) => dump.stream.once('data', () => resolve()));
    dump.stream.pause();
    controller.abort();
    await expect(dump.done).rejects.toBeInstanceOf(CancelledError);
  });

  it('follows sslmode: prefer falls back to plain, require refuses a server without TLS', async () => {
    expect((await pgSource({ sslmode: 'prefer' }).test()).engine).toBe('postgres');
    await expect(pgSource({ sslmode: 'require' }).test()).rejects.toThrow(/does not support SSL/);
    const dump = await pgSource({ sslmode: 'require' }).dump({ database: 'postgres', mode: 'schema' }, signal());
    dump.stream.resume();
    await expect(dump.done).rejects.toThrow(/pg_dump failed.*SSL/);
  });

  it('reports an unreachable server by host and port, quickly', async () => {
    const started = Date.now();
    const error = await pgSource({ port: 1 }).test().catch((e: Error) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/127\.0\.0\.1:1\b/);
    const dump = await pgSource({ port: 1 }).dump({ database: 'postgres', mode: 'full' }, signal());
    await collect(dump.stream);
    const dumpError = await dump.done.catch((e: Error) => e);
    expect((dumpError as Error).message).toMatch(/pg_dump failed.*connect/i);
    expect((dumpError as Error).message).not.toMatch(/WARNING|password file/); // libpq's noise about its password file
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
