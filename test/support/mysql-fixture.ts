import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { MysqlSource } from '../../src/adapters/sources/mysql/mysql.source.js';
import { mysqlConfigSchema } from '../../src/adapters/sources/mysql/mysql.config.js';
import type { Source } from '../../src/adapters/sources/types.js';
import type { SourceFixture } from './source-contract.js';
import { MARIADB_ADMIN, dropMariadb, scratchName, withMariadb } from './databases.js';

export const q = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/** A scratch name that a shell would mangle: spaces, quotes, `$(...)`, `;`, a backtick. */
export function hostileScratchName(): string {
  return `${scratchName()}_$(x);|'"\` &`;
}

export function mysqlSource(overrides: Record<string, unknown> = {}): Source {
  return new MysqlSource(mysqlConfigSchema.parse({ ...MARIADB_ADMIN, ...overrides }));
}

export async function createDatabase(name: string): Promise<void> {
  await withMariadb((c) => c.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
}

export const ODD_TABLE = 'odd table `q\'"ü 表';

/** Varied data: utf8mb4 with emoji, NULLs, binary, a ~1 MB value, JSON, exact decimals, date/times. */
export async function seedMysql(database: string): Promise<void> {
  await withMariadb(async (c) => {
    await c.query(`CREATE TABLE ${q(ODD_TABLE)} (
      id INT PRIMARY KEY AUTO_INCREMENT, ${q('naïve "col"')} VARCHAR(200), note LONGTEXT NULL, data LONGBLOB NULL,
      doc JSON NULL, amount DECIMAL(30,10) NULL, at DATETIME(6) NULL, ts TIMESTAMP(3) NULL DEFAULT NULL
    ) CHARACTER SET utf8mb4`);
    const rows: unknown[][] = [
      ['日本語 ✓ 😀 emoji', 'Ünïcödé', Buffer.from(Array.from({ length: 256 }, (_, i) => i)), '{"a":[1,2,{"b":"😀"}]}', '12345678901234567890.0123456789', '2024-02-29 23:59:59.123456', '2021-06-01 12:00:00.250'],
      [null, null, null, null, null, null, null],
      ["quote ' and \" and \\ backslash", 'x'.repeat(1024 * 1024), randomBytes(4096), '[]', '-0.0000000001', '1970-01-01 00:00:01', '2038-01-19 03:14:07.999'],
      ['', '', Buffer.alloc(0), '{}', '0', '9999-12-31 23:59:59.999999', null],
    ];
    for (const row of rows) {
      await c.query(`INSERT INTO ${q(ODD_TABLE)} (${q('naïve "col"')}, note, data, doc, amount, at, ts) VALUES (?, ?, ?, ?, ?, ?, ?)`, row);
    }
    await c.query(`CREATE TABLE plain (id INT PRIMARY KEY, label VARCHAR(50), qty INT NULL)`);
    await c.query(`INSERT INTO plain SELECT seq, CONCAT('row ', seq), IF(seq % 7 = 0, NULL, seq * 3) FROM seq_1_to_2000`);
    await c.query(`CREATE VIEW big_rows AS SELECT id, label FROM plain WHERE qty > 5000`);
    await c.query(`CREATE TRIGGER plain_guard BEFORE INSERT ON plain FOR EACH ROW SET NEW.label = COALESCE(NEW.label, 'none')`);
    await c.query(`CREATE PROCEDURE count_plain() SELECT COUNT(*) FROM plain`);
  }, database);
}

/** Per table: row count and the MD5 of the sorted per-row MD5s (QUOTE keeps NULL and '' apart). */
export async function fingerprintMysql(database: string): Promise<Record<string, { rows: number; checksum: string }>> {
  return withMariadb(async (c) => {
    await c.query('SET SESSION group_concat_max_len = 1073741824');
    const [tables] = await c.query(`SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`, [database]);
    const out: Record<string, { rows: number; checksum: string }> = {};
    for (const { t } of tables as { t: string }[]) out[t] = await fingerprintTable(c, database, t);
    const [objects] = await c.query(
      `SELECT CONCAT('routine:', ROUTINE_NAME) AS o FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?
       UNION ALL SELECT CONCAT('trigger:', TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?
       UNION ALL SELECT CONCAT('view:', TABLE_NAME) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY 1`,
      [database, database, database],
    );
    const names = (objects as { o: string }[]).map((r) => r.o);
    out['(objects)'] = { rows: names.length, checksum: names.join(',') };
    return out;
  });
}

async function fingerprintTable(c: mysql.Connection, database: string, table: string) {
  const [cols] = await c.query(`SELECT COLUMN_NAME AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [database, table]);
  const row = (cols as { n: string }[]).map((col) => `QUOTE(${q(col.n)})`).join(', ');
  const [result] = await c.query(
    `SELECT COUNT(*) AS n, MD5(GROUP_CONCAT(h ORDER BY h SEPARATOR '')) AS sum
     FROM (SELECT MD5(CONCAT_WS(',', ${row})) AS h FROM ${q(database)}.${q(table)}) AS rows_`,
  );
  const first = (result as { n: number; sum: string | null }[])[0]!;
  return { rows: Number(first.n), checksum: first.sum ?? '' };
}

/** The shared fixture: the seeded database has a hostile name; the restore target is a plain scratch one. */
export const mysqlFixture: SourceFixture = {
  engine: 'mysql',
  source: () => mysqlSource(),
  async seed() {
    const name = hostileScratchName();
    await createDatabase(name);
    await seedMysql(name).catch(async (error: unknown) => {
      await dropMariadb(name);
      throw error;
    });
    return { database: name, cleanup: () => dropMariadb(name) };
  },
  async emptyTarget() {
    const name = scratchName();
    await createDatabase(name);
    return { database: name, cleanup: () => dropMariadb(name) };
  },
  fingerprint: (database) => fingerprintMysql(database!),
  wrongPassword: () => mysqlSource({ password: 'wrong-password-123' }),
  unreachable: () => mysqlSource({ port: 1 }),
};
