import type { Readable } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { handOverInput } from '../../../lib/direct-feed.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceDeps, SourceInfo, TableStats, TableStatsLevel } from '../types.js';
import { pgDumpallGlobalsArgs, pgDumpArgs, pgRestoreArgs, psqlScriptArgs } from './postgres.args.js';
import { POSTGRES_CAPABILITIES, type PostgresConfig } from './postgres.config.js';
import { toolEnv, withPgClient } from './postgres.connection.js';
import { spawnPgTool, type PgTool } from './pg-tools.js';
import { globalsRestoreTransform } from './globals-script.js';
import { ensureDatabase } from './postgres.queries.js';
import { dumpInSnapshot } from './postgres.snapshot-dump.js';
import { beginFingerprintSnapshot, estimateTables, fingerprintTables } from './postgres.table-stats.js';

export const PG_CUSTOM_FORMAT = 'pg-custom';
export const PG_GLOBALS_FORMAT = 'pg-globals-sql';
const PACKAGE = 'postgresql-client';

/** What presets (Supabase) change about a plain PostgreSQL source. */
export interface PostgresTuning {
  /** Schemas left out of dumps and table statistics. */
  excludeSchemas: readonly string[];
  /** Dump roles without passwords (services that hide pg_authid). */
  globalsWithoutRolePasswords: boolean;
}

const PLAIN: PostgresTuning = { excludeSchemas: [], globalsWithoutRolePasswords: false };

export class PostgresSource implements Source {
  readonly capabilities: SourceCapabilities = POSTGRES_CAPABILITIES;

  constructor(
    private readonly config: PostgresConfig,
    private readonly deps: SourceDeps,
    private readonly tuning: PostgresTuning = PLAIN,
  ) {}

  async test(signal?: AbortSignal, database = this.config.database): Promise<SourceInfo> {
    return withPgClient(this.config, database, async (client) => {
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      // '15.20 (Debian 15.20-0+deb12u1)' -> '15.20'
      return { engine: 'postgres', serverVersion: (rows[0]?.server_version ?? '').split(' ')[0] ?? '' };
    }, signal, { share: true });
  }

  async listDatabases(signal?: AbortSignal): Promise<string[]> {
    return withPgClient(this.config, this.config.database, async (client) => {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database
          WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT')
          ORDER BY datname`,
      );
      return rows.map((row) => row.datname);
    }, signal);
  }

  /** Estimates from the catalog, or exact counts and checksums read in one read-only snapshot. */
  async tableStats(database: string | undefined, level: TableStatsLevel, signal?: AbortSignal): Promise<TableStats> {
    const connectTo = database ?? this.config.database;
    if (level === 'estimates') return withPgClient(this.config, connectTo, (client) => estimateTables(client, this.tuning.excludeSchemas), signal, { share: true });
    return withPgClient(this.config, connectTo, async (client) => {
      await beginFingerprintSnapshot(client);
      const stats = await fingerprintTables(client, this.tuning.excludeSchemas);
      await client.query('COMMIT');
      return stats;
    }, signal);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    const database = options.database ?? this.config.database;
    const globals = options.globals === true;
    const spawn = (snapshot?: string) => {
      const [command, args]: [PgTool, string[]] = globals
        ? ['pg_dumpall', pgDumpallGlobalsArgs(database, this.tuning.globalsWithoutRolePasswords)]
        : ['pg_dump', pgDumpArgs(database, options.mode, this.tuning.excludeSchemas, snapshot)];
      this.deps.logger.debug({ command, database, mode: options.mode, snapshot }, 'starting dump');
      return spawnPgTool(command, args, { env: toolEnv(this.config), stdout: 'pipe', signal, packageHint: PACKAGE });
    };
    const dumpOf = (tool: ReturnType<typeof spawn>, tableStats?: Promise<TableStats>): Dump => ({
      stream: tool.child.stdout as Readable,
      format: globals ? PG_GLOBALS_FORMAT : PG_CUSTOM_FORMAT,
      extension: globals ? 'sql' : 'dump',
      done: tool.done,
      bytesRead: tool.bytesRead,
      ...(tableStats ? { tableStats } : {}),
    });
    if (globals || options.tableStats !== 'exact') return dumpOf(spawn());
    try {
      const { tool, tableStats } = await dumpInSnapshot({
        config: this.config, database, excludeSchemas: this.tuning.excludeSchemas, signal, start: spawn, duringDump: () => this.duringSnapshotDump(),
      });
      return dumpOf(tool, tableStats);
    } catch (error) {
      if (signal.aborted) throw error;
      // The dump itself does not need the snapshot: it goes on, and the pipeline reports the missing fingerprints.
      this.deps.logger.warn({ err: error, database }, 'could not export a snapshot for table fingerprints');
      const failed = Promise.reject(error as Error);
      failed.catch(() => undefined);
      return dumpOf(spawn(), failed);
    }
  }

  /** Called while a dump with exact fingerprints runs, between the snapshot export and the fingerprints (a test seam). */
  protected async duringSnapshotDump(): Promise<void> {}

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    const env = toolEnv(this.config);
    if (options.format === PG_GLOBALS_FORMAT) {
      // Roles are server-wide: the script runs in the connection database.
      const script = stream.pipe(globalsRestoreTransform());
      const tool = spawnPgTool('psql', psqlScriptArgs(options.database ?? this.config.database), { env, stdin: 'pipe', signal, packageHint: PACKAGE });
      script.pipe(tool.child.stdin!).on('error', () => undefined); // psql exiting early surfaces through done
      return settleInput(tool.done, stream);
    }
    if (options.format !== PG_CUSTOM_FORMAT) {
      throw new ValidationError(`PostgreSQL cannot restore a backup in format '${options.format}' (expected ${PG_CUSTOM_FORMAT} or ${PG_GLOBALS_FORMAT})`);
    }
    const database = options.database ?? this.config.database;
    await withPgClient(this.config, this.config.database, (client) => ensureDatabase(client, database), signal);
    this.deps.logger.debug({ database, tables: options.tables }, 'starting pg_restore');
    const tool = spawnPgTool('pg_restore', pgRestoreArgs(database, options), { env, stdin: 'pipe', signal, packageHint: PACKAGE });
    // zstd/bzip2 output goes straight into pg_restore's stdin; anything else through JavaScript.
    if (!handOverInput(stream, tool.child)) stream.pipe(tool.child.stdin!).on('error', () => undefined);
    stream.once('error', (error) => {
      // A broken input must not look like a complete archive: stop pg_restore so the transaction rolls back.
      this.deps.logger.warn({ err: error }, 'restore input failed');
      tool.child.kill('SIGTERM');
    });
    return settleInput(tool.done, stream);
  }
}

/** A tool that stopped early leaves its input unread: destroy it so whatever feeds it stops too. */
function settleInput(done: Promise<void>, input: Readable): Promise<void> {
  return done.catch((error: unknown) => {
    input.destroy();
    throw error;
  });
}
