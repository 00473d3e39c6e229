import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteSourcePlugin } from '../../../src/adapters/sources/sqlite/sqlite.plugin.js';
import { fingerprintSqlite, scratchDir, seedSqlite, sqliteSource } from '../../support/sqlite-fixture.js';

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

const never = () => new AbortController().signal;
const input = (bytes: Buffer | string): Readable => {
  const stream = new PassThrough();
  stream.end(bytes);
  return stream;
};

describe('SQLite source: snapshot and restore rules', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function seeded() {
    const scratch = await scratchDir();
    cleanups.push(scratch.cleanup);
    const file = path.join(scratch.dir, 'live.db');
    const live = seedSqlite(file);
    cleanups.push(async () => void live.close());
    const dump = await sqliteSource(file).dump({ mode: 'full' }, never());
    const snapshotPath = String((dump.stream as unknown as { path: string }).path);
    const bytes = await collect(dump.stream);
    await dump.done;
    return { dir: scratch.dir, file, bytes, snapshotPath };
  }

  it('streams a self-contained snapshot and removes the temporary copy', async () => {
    const { bytes, snapshotPath } = await seeded();
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(existsSync(path.dirname(snapshotPath))).toBe(false);
  });

  it('refuses to overwrite a non-empty file unless asked, then replaces it', async () => {
    const { dir, file, bytes } = await seeded();
    const target = path.join(dir, 'existing.db');
    await writeFile(target, 'occupied');
    const source = sqliteSource(file);
    await expect(source.restore(input(bytes), { database: target, format: 'sqlite-db' }, never())).rejects.toThrow(/already exists/);
    await source.restore(input(bytes), { database: target, format: 'sqlite-db', clean: true }, never());
    expect(fingerprintSqlite(target)).toEqual(fingerprintSqlite(file));
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects input that is not a database and leaves no file behind', async () => {
    const { dir, file } = await seeded();
    const target = path.join(dir, 'garbage.db');
    await expect(sqliteSource(file).restore(input('not a database at all'.repeat(100)), { database: target, format: 'sqlite-db' }, never()))
      .rejects.toThrow(/not a valid SQLite database/);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(dir)).filter((name) => name.includes('lifeboat'))).toEqual([]);
  });

  it('reports row counts, the library version and a clear error for a missing file', async () => {
    const { file } = await seeded();
    // Counted on the live file, apart from the dump's snapshot: recorded as estimates whatever the level asked.
    expect(await sqliteSource(file).tableStats!(undefined, 'exact')).toEqual({ level: 'estimates', checksum: null, tables: [
      { table: 'odd "table" ü 表 \'q\'', rows: 3 },
      { table: 'plain', rows: 2000 },
    ] });
    expect((await sqliteSource(file).test()).serverVersion).toMatch(/^3\.\d+/);
    await expect(sqliteSource('/nonexistent/x.db').test()).rejects.toThrow(/\/nonexistent\/x\.db does not exist/);
  });

  it('parses sqlite:/// URLs', () => {
    expect(sqliteSourcePlugin.fromUrl!(new URL('sqlite:///var/lib/app%20data/app.db'))).toEqual({ config: { path: '/var/lib/app data/app.db' }, databases: [] });
    expect(() => sqliteSourcePlugin.fromUrl!(new URL('sqlite://relative/app.db'))).toThrow(/no host/);
  });
});
