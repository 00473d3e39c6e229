import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CancelledError, ValidationError } from '../../../lib/errors.js';
import { handOverInput } from '../../../lib/direct-feed.js';
import { spawnTool } from '../../../lib/spawn.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceInfo, TableStats, TableStatsLevel } from '../types.js';
import { MYSQL_CAPABILITIES, type MysqlConfig } from './mysql.config.js';
import { withConnection } from './mysql-connection.js';
import { dumpWithFingerprints } from './mysql-snapshot-dump.js';
import { beginSnapshot, estimateTables, fingerprintTables } from './mysql-table-stats.js';
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
  readonly capabilities: SourceCapabilities = MYSQL_CAPABILITIES;

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

  /** The catalog's estimates, or exact counts and checksums read in one consistent snapshot. */
  async tableStats(database: string | undefined, level: TableStatsLevel, signal?: AbortSignal): Promise<TableStats> {
    const db = requireDatabase(database, 'read table statistics of');
    return withConnection(this.config, async (conn) => {
      if (level === 'estimates') return estimateTables(conn, db);
      await beginSnapshot(conn);
      const stats = await fingerprintTables(conn, db);
      await conn.query('COMMIT');
      return stats;
    }, signal);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    const database = requireDatabase(options.database, 'dump');
    // No driver round trip of its own: callers run test() first for clear errors (the pipeline does), and a
    // second connection would only delay the dump. A tool that cannot connect fails with its own message.
    const tool = resolveTool(DUMP_TOOLS);
    const optionFile = await writeOptionFile(this.config);
    const start = () => {
      const spawned = spawnTool(tool, dumpArgs(optionFile.path, database, options.mode), { signal, packageHint: MYSQL_PACKAGE_HINT });
      const done = spawned.done.finally(() => optionFile.dispose());
      done.catch(() => undefined);
      return { stream: spawned.child.stdout!, format: MYSQL_FORMAT, extension: 'sql', done, bytesRead: spawned.bytesRead };
    };
    if (options.tableStats !== 'exact') return start();
    // The dump tool cannot share a snapshot: the fingerprints' own snapshot opens just before it starts its one,
    // so only a write committed in between can make them differ (docs/format.md).
    return dumpWithFingerprints(this.config, database, signal, start);
  }

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    const input = watchInput(stream, signal);
    const database = requireDatabase(options.database, 'restore into');
    if (options.format !== MYSQL_FORMAT) throw new ValidationError(`MySQL/MariaDB cannot restore a '${options.format}' backup`);
    await this.test(signal);
    const tool = resolveTool(CLIENT_TOOLS);
    const optionFile = await writeOptionFile(this.config);
    try {
      await runClient(tool, restoreArgs(optionFile.path, database), input, signal);
    } finally {
      await optionFile.dispose();
    }
  }
}

/**
 * Feeds `stream` to the client. Handing a running producer's stdout over as the client's stdin is not safe: Node
 * starts reading a child's stdout as soon as it exists, so by the time this method has checked the connection the
 * parent already holds the dump's first bytes. A decompressor not started yet can instead write into the client's
 * stdin itself (handOverInput); anything else goes through JavaScript.
 * If the input fails, the client is killed so a truncated dump is never committed silently.
 */
interface WatchedInput {
  stream: Readable;
  /** The input's own failure (e.g. decryption), as opposed to the client's. */
  error(): Error | undefined;
  /** Aborted when the input fails, to kill the client before it commits a partial dump. */
  failed: AbortSignal;
}

/** Watches the input from the start of restore(), so a failure while connecting is not missed. */
function watchInput(stream: Readable, signal: AbortSignal): WatchedInput {
  const controller = new AbortController();
  let failure: Error | undefined;
  stream.once('error', (error) => {
    failure = error;
    if (!signal.aborted) controller.abort();
  });
  return { stream, error: () => failure, failed: controller.signal };
}

async function runClient(tool: string, args: string[], input: WatchedInput, signal: AbortSignal): Promise<void> {
  const spawned = spawnTool(tool, args, {
    stdin: 'pipe',
    signal: AbortSignal.any([signal, input.failed]),
    packageHint: MYSQL_PACKAGE_HINT,
  });
  // Write errors (EPIPE when the client stops at a bad statement) are not the story: the client's exit status is.
  const feeding = handOverInput(input.stream, spawned.child) ?? pipeline(input.stream, spawned.child.stdin!).catch(() => undefined);
  try {
    await spawned.done;
  } catch (error) {
    const inputError = input.error();
    if (inputError && !signal.aborted) throw new CancelledError(`Restore input failed: ${inputError.message}`, { cause: inputError });
    throw error;
  }
  await feeding;
  const inputError = input.error();
  if (inputError) throw inputError;
}
