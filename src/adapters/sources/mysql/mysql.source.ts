import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CancelledError, ValidationError } from '../../../lib/errors.js';
import { spawnTool } from '../../../lib/spawn.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceInfo, TableStat } from '../types.js';
import type { MysqlConfig } from './mysql.config.js';
import { quoteIdent, withConnection } from './mysql-connection.js';
import { writeOptionFile } from './mysql-option-file.js';
import { CLIENT_TOOLS, DUMP_TOOLS, MYSQL_PACKAGE_HINT, dumpArgs, resolveTool, restoreArgs } from './mysql-tools.js';

export const MYSQL_FORMAT = 'mysql-sql';
const SYSTEM_DATABASES = new Set(['information_schema', 'performance_schema', 'mysql', 'sys']);

function requireDatabase(database: string | undefined, action: string): string {
  if (!database) throw new ValidationError(`A database name is required to ${action} MySQL/MariaDB`);
  return database;
}

/** MySQL / MariaDB through `mariadb-dump` and the `mariadb` client, one database per artifact. */
export class MysqlSource implements Source {
  readonly capabilities: SourceCapabilities = { multiDatabase: true, schemaOnly: true, dataOnly: true, selectiveRestore: false, globals: false };

  constructor(private readonly config: MysqlConfig) {}

  async test(signal?: AbortSignal): Promise<SourceInfo> {
    const version = await withConnection(this.config, async (conn) => {
      const [rows] = await conn.query('SELECT VERSION() AS v');
      return String((rows as { v: string }[])[0]?.v ?? '');
    }, signal);
    return { engine: 'mysql', serverVersion: version };
  }

  async listDatabases(signal?: AbortSignal): Promise<string[]> {
    return withConnection(this.config, async (conn) => {
      const [rows] = await conn.query('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME');
      return (rows as { name: string }[]).map((r) => r.name).filter((name) => !SYSTEM_DATABASES.has(name));
    }, signal);
  }

  /** Exact counts (one COUNT(*) per base table): slower than the estimates, but drills need exact numbers. */
  async tableStats(database: string | undefined, signal?: AbortSignal): Promise<TableStat[]> {
    const db = requireDatabase(database, 'count rows of');
    return withConnection(this.config, async (conn) => {
      const [tables] = await conn.query(
        `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
        [db],
      );
      const stats: TableStat[] = [];
      for (const { name } of tables as { name: string }[]) {
        const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM ${quoteIdent(db)}.${quoteIdent(name)}`);
        stats.push({ table: name, rows: Number((rows as { n: number | string }[])[0]?.n ?? 0) });
      }
      return stats;
    }, signal);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    const database = requireDatabase(options.database, 'dump');
    // A driver round trip first: clear errors (unreachable within 10 s, wrong password) before any tool runs.
    await this.test(signal);
    const tool = await resolveTool(DUMP_TOOLS);
    const optionFile = await writeOptionFile(this.config);
    const spawned = spawnTool(tool, dumpArgs(optionFile.path, database, options.mode), { signal, packageHint: MYSQL_PACKAGE_HINT });
    const done = spawned.done.finally(() => optionFile.dispose());
    done.catch(() => undefined);
    return { stream: spawned.child.stdout!, format: MYSQL_FORMAT, extension: 'sql', done };
  }

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    const database = requireDatabase(options.database, 'restore into');
    if (options.format !== MYSQL_FORMAT) throw new ValidationError(`MySQL/MariaDB cannot restore a '${options.format}' backup`);
    await this.test(signal);
    const tool = await resolveTool(CLIENT_TOOLS);
    const optionFile = await writeOptionFile(this.config);
    try {
      await runClient(tool, restoreArgs(optionFile.path, database), stream, signal);
    } finally {
      await optionFile.dispose();
    }
  }
}

/**
 * Feeds `stream` to the client. Another tool's stdout (a socket with a file descriptor) is handed over as an
 * OS pipe; any other stream is relayed. If the input fails, the client is killed so a truncated dump is
 * never committed silently, and the input's error is reported.
 */
async function runClient(tool: string, args: string[], stream: Readable, signal: AbortSignal): Promise<void> {
  const direct = stream instanceof Socket;
  const feedFailed = new AbortController();
  const spawned = spawnTool(tool, args, {
    stdin: direct ? stream : 'pipe',
    signal: AbortSignal.any([signal, feedFailed.signal]),
    packageHint: MYSQL_PACKAGE_HINT,
  });
  let feedError: unknown;
  const feeding = direct
    ? Promise.resolve()
    : pipeline(stream, spawned.child.stdin!).catch((error: unknown) => {
        feedError = error;
        if (!signal.aborted) feedFailed.abort();
      });
  try {
    await spawned.done;
  } catch (error) {
    if (feedError && !signal.aborted) throw new CancelledError(`Restore input failed: ${(feedError as Error).message}`, { cause: feedError });
    throw error;
  }
  await feeding;
  if (feedError) throw feedError;
}
