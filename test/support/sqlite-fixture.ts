import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSource } from '../../src/adapters/sources/sqlite/sqlite.source.js';
import type { Source } from '../../src/adapters/sources/types.js';
import type { SourceFixture } from './source-contract.js';

export const sqliteSource = (file: string): Source => new SqliteSource({ path: file });

export async function scratchDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-test-sqlite-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const ODD = 'odd "table" ü 表 \'q\'';

/** Varied data in a WAL-mode file; the returned connection stays open (a live database) until closed. */
export function seedSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE "${ODD.replaceAll('"', '""')}" (id INTEGER PRIMARY KEY, "naïve col" TEXT, data BLOB, doc TEXT, big INTEGER, amount REAL, at TEXT);
    CREATE TABLE plain (id INTEGER PRIMARY KEY, label TEXT NOT NULL, qty INTEGER);
    CREATE INDEX plain_label ON plain(label);
    CREATE VIEW big_qty AS SELECT id FROM plain WHERE qty > 100;
    CREATE TRIGGER plain_touch AFTER UPDATE ON plain BEGIN SELECT 1; END;`);
  const insert = db.prepare(`INSERT INTO "${ODD.replaceAll('"', '""')}" ("naïve col", data, doc, big, amount, at) VALUES (?, ?, ?, ?, ?, ?)`);
  insert.run('日本語 ✓ 😀', Buffer.from(Array.from({ length: 256 }, (_, i) => i)), '{"a":[1,{"b":"😀"}]}', 9223372036854775807n, 0.1, '2024-02-29T23:59:59.123+05:30');
  insert.run(null, null, null, null, null, null);
  insert.run('x'.repeat(1024 * 1024), randomBytes(4096), '[]', -9223372036854775808n, -1e-300, '1970-01-01T00:00:00Z');
  const plain = db.prepare('INSERT INTO plain (label, qty) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= 2000; i++) plain.run(`row ${i}`, i % 7 === 0 ? null : i * 3);
  })();
  return db;
}

/** Per table: row count and a SHA-256 over all rows in rowid order; plus the schema text. */
export function fingerprintSqlite(file: string): Record<string, { rows: number; checksum: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const out: Record<string, { rows: number; checksum: string }> = {};
    const schema = db.prepare(`SELECT type || ':' || name || ':' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name`).pluck().all();
    out['(schema)'] = { rows: schema.length, checksum: createHash('sha256').update(schema.join('\n')).digest('hex') };
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
    for (const table of tables) {
      const hash = createHash('sha256');
      let rows = 0;
      const statement = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}" ORDER BY rowid`).raw().safeIntegers();
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        rows += 1;
        hash.update(JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)));
      }
      out[table] = { rows, checksum: hash.digest('hex') };
    }
    return out;
  } finally {
    db.close();
  }
}

/** The shared fixture: the seeded file stays open by a writer while it is dumped. */
export function sqliteFixture(): SourceFixture {
  let current = '';
  return {
    engine: 'sqlite',
    source: () => sqliteSource(current),
    async seed() {
      const scratch = await scratchDir();
      current = path.join(scratch.dir, 'live.db');
      const live = seedSqlite(current);
      live.prepare(`UPDATE plain SET qty = qty + 1 WHERE id = 1`).run(); // a write left in the WAL
      return {
        database: undefined,
        cleanup: async () => {
          live.close();
          await scratch.cleanup();
        },
      };
    },
    async emptyTarget() {
      const scratch = await scratchDir();
      const file = path.join(scratch.dir, 'restored.db');
      return { database: file, source: sqliteSource(file), cleanup: scratch.cleanup };
    },
    fingerprint: async (database) => fingerprintSqlite(database ?? current),
    unreachable: () => sqliteSource('/nonexistent/lifeboat/missing.db'),
  };
}
