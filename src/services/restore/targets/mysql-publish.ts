import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { quoteIdent as q } from '../../../adapters/sources/mysql/mysql-connection.js';
import { ConflictError } from '../../../lib/errors.js';

type Row = Record<string, unknown>;
type Kind = 'VIEW' | 'TRIGGER' | 'PROCEDURE' | 'FUNCTION' | 'EVENT';

interface Definition {
  kind: Kind;
  name: string;
  sql: string;
  sqlMode: string | null;
}

async function rows(conn: mysql.Connection, query: string, params: unknown[] = []): Promise<Row[]> {
  const [result] = await conn.query(query, params);
  return result as Row[];
}

async function objects(conn: mysql.Connection, schema: string) {
  const tables = await rows(conn, 'SELECT TABLE_NAME AS n, TABLE_TYPE AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [schema]);
  const routines = await rows(conn, 'SELECT ROUTINE_NAME AS n, ROUTINE_TYPE AS t FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?', [schema]);
  const triggers = await rows(conn, 'SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [schema]);
  const events = await rows(conn, 'SELECT EVENT_NAME AS n FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?', [schema]);
  return {
    baseTables: tables.filter((r) => r.t === 'BASE TABLE').map((r) => String(r.n)),
    views: tables.filter((r) => r.t === 'VIEW').map((r) => String(r.n)),
    others: [
      ...routines.map((r) => ({ kind: String(r.t) as Kind, name: String(r.n) })),
      ...triggers.map((r) => ({ kind: 'TRIGGER' as Kind, name: String(r.n) })),
      ...events.map((r) => ({ kind: 'EVENT' as Kind, name: String(r.n) })),
    ],
  };
}

/** SHOW CREATE run inside the staging database prints names without the database, so they apply to the target. */
async function definition(conn: mysql.Connection, kind: Kind, name: string): Promise<Definition> {
  const [row] = await rows(conn, `SHOW CREATE ${kind} ${q(name)}`);
  const column = { VIEW: 'Create View', TRIGGER: 'SQL Original Statement', PROCEDURE: 'Create Procedure', FUNCTION: 'Create Function', EVENT: 'Create Event' }[kind];
  return { kind, name, sql: String(row?.[column] ?? ''), sqlMode: row?.sql_mode === undefined ? null : String(row.sql_mode) };
}

async function create(conn: mysql.Connection, item: Definition): Promise<void> {
  if (item.sqlMode !== null) await conn.query('SET SESSION sql_mode = ?', [item.sqlMode]);
  await conn.query(item.sql);
}

/** Views may use other views: create what can be created until nothing more can. */
async function createViews(conn: mysql.Connection, views: Definition[]): Promise<void> {
  let pending = views;
  while (pending.length > 0) {
    const failed: Definition[] = [];
    let lastError: unknown;
    for (const view of pending) await create(conn, view).catch((error: unknown) => { lastError = error; failed.push(view); });
    if (failed.length === pending.length) throw lastError;
    pending = failed;
  }
}

/**
 * Moves a completely restored staging database into the target. Tables move in ONE `RENAME TABLE` statement,
 * which MariaDB applies atomically (all or none); replaced tables and views are renamed aside in the same
 * statement and dropped afterwards. Triggers cannot move between databases, and views, routines and events do
 * not move with RENAME: they are read from staging and recreated in the target after the swap.
 */
export async function publishStaging(conn: mysql.Connection, staging: string, target: string, clean: boolean): Promise<{ tables: number }> {
  const incoming = await objects(conn, staging);
  const present = await objects(conn, target);
  const names = new Set([...incoming.baseTables, ...incoming.views]);
  const clashingTables = [...present.baseTables, ...present.views].filter((n) => names.has(n));
  const incomingOthers = new Set(incoming.others.map((o) => `${o.kind}:${o.name}`));
  const clashingOthers = present.others.filter((o) => incomingOthers.has(`${o.kind}:${o.name}`));
  if (!clean && clashingTables.length + clashingOthers.length > 0) {
    const list = [...clashingTables, ...clashingOthers.map((o) => `${o.kind.toLowerCase()} ${o.name}`)].slice(0, 10).join(', ');
    throw new ConflictError(`The target database ${target} already has ${list}: restore with clean to replace them, or into another database`);
  }
  await conn.query(`USE ${q(staging)}`);
  const views = await Promise.all(incoming.views.map((n) => definition(conn, 'VIEW', n)));
  const others = await Promise.all(incoming.others.map((o) => definition(conn, o.kind, o.name)));
  for (const trigger of others.filter((o) => o.kind === 'TRIGGER')) await conn.query(`DROP TRIGGER ${q(trigger.name)}`);
  await conn.query('SET SESSION foreign_key_checks = 0');
  const tag = randomBytes(4).toString('hex');
  const aside = clashingTables.map((name, i) => ({ name, old: `lbold_${tag}_${i}`, view: present.views.includes(name) }));
  const moves = [
    ...aside.map((a) => `${q(target)}.${q(a.name)} TO ${q(target)}.${q(a.old)}`),
    ...incoming.baseTables.map((n) => `${q(staging)}.${q(n)} TO ${q(target)}.${q(n)}`),
  ];
  if (moves.length > 0) await conn.query(`RENAME TABLE ${moves.join(', ')}`);
  await conn.query(`USE ${q(target)}`);
  for (const a of aside) await conn.query(`DROP ${a.view ? 'VIEW' : 'TABLE'} IF EXISTS ${q(a.old)}`);
  for (const o of clashingOthers) await conn.query(`DROP ${o.kind} IF EXISTS ${q(o.name)}`);
  await createViews(conn, views);
  for (const item of others) await create(conn, item);
  return { tables: incoming.baseTables.length };
}
