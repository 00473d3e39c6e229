import type { Readable } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { spawnTool } from '../../../lib/spawn.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceDeps, SourceInfo, TableStat } from '../types.js';
import { pgDumpallGlobalsArgs, pgDumpArgs, pgRestoreArgs, psqlScriptArgs } from './postgres.args.js';
import { POSTGRES_CAPABILITIES, type PostgresConfig } from './postgres.config.js';
import { toolEnv, withPgClient } from './postgres.connection.js';
import { globalsRestoreTransform } from './globals-script.js';
import { ensureDatabase, listUserTables } from './postgres.queries.js';

export const PG_CUSTOM_FORMAT = 'pg-custom';
export const PG_GLOBALS_FORMAT = 'pg-globals-sql';
const PACKAGE = 'postgresql-client';
const STATS_TIMEOUT_MS = 60_000;

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

  async test(signal?: AbortSignal): Promise<SourceInfo> {
    return withPgClient(this.config, this.config.database, async (client) => {
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      // '15.20 (Debian 15.20-0+deb12u1)' -> '15.20'
      return { engine: 'postgres', serverVersion: (rows[0]?.server_version ?? '').split(' ')[0] ?? '' };
    }, signal);
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

  /** Exact counts (count(*) per table) under a statement timeout: cheap for small databases, bounded for big ones. */
  async tableStats(database: string | undefined, signal?: AbortSignal): Promise<TableStat[]> {
    return withPgClient(this.config, database ?? this.config.database, async (client) => {
      await client.query(`SET statement_timeout = ${STATS_TIMEOUT_MS}`);
      const stats: TableStat[] = [];
      for (const { schema, table } of await listUserTables(client, this.tuning.excludeSchemas)) {
        const name = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`;
        const { rows } = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${name}`);
        stats.push({ table: `${schema}.${table}`, rows: Number(rows[0]?.rows ?? 0) });
      }
      return stats;
    }, signal);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    const database = options.database ?? this.config.database;
    const globals = options.globals === true;
    const [command, args] = globals
      ? ['pg_dumpall', pgDumpallGlobalsArgs(database, this.tuning.globalsWithoutRolePasswords)]
      : ['pg_dump', pgDumpArgs(database, options.mode, this.tuning.excludeSchemas)];
    this.deps.logger.debug({ command, database, mode: options.mode }, 'starting dump');
    const tool = spawnTool(command, args, { env: toolEnv(this.config), stdout: 'pipe', signal, packageHint: PACKAGE });
    return {
      stream: tool.child.stdout as Readable,
      format: globals ? PG_GLOBALS_FORMAT : PG_CUSTOM_FORMAT,
      extension: globals ? 'sql' : 'dump',
      done: tool.done,
    };
  }

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    const env = toolEnv(this.config);
    if (options.format === PG_GLOBALS_FORMAT) {
      // Roles are server-wide: the script runs in the connection database.
      const script = stream.pipe(globalsRestoreTransform());
      const tool = spawnTool('psql', psqlScriptArgs(options.database ?? this.config.database), { env, stdin: 'pipe', signal, packageHint: PACKAGE });
      script.pipe(tool.child.stdin!).on('error', () => undefined); // psql exiting early surfaces through done
      return settleInput(tool.done, stream);
    }
    if (options.format !== PG_CUSTOM_FORMAT) {
      throw new ValidationError(`PostgreSQL cannot restore a backup in format '${options.format}' (expected ${PG_CUSTOM_FORMAT} or ${PG_GLOBALS_FORMAT})`);
    }
    const database = options.database ?? this.config.database;
    await withPgClient(this.config, this.config.database, (client) => ensureDatabase(client, database), signal);
    this.deps.logger.debug({ database, tables: options.tables }, 'starting pg_restore');
    const tool = spawnTool('pg_restore', pgRestoreArgs(database, options), { env, stdin: 'pipe', signal, packageHint: PACKAGE });
    stream.pipe(tool.child.stdin!).on('error', () => undefined);
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
