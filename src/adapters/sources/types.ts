import type { Readable } from 'node:stream';
import type { Logger } from '../../lib/logger.js';
import type { PluginDescriptor } from '../plugin.js';

export interface SourceInfo {
  /** Engine family, e.g. 'postgres', 'mysql', 'sqlite', 'redis', 'mongodb'. */
  engine: string;
  /** e.g. '15.19' or '10.11.19-MariaDB'. */
  serverVersion: string;
}

/** What a source can do, as data: the UI and the services read it instead of checking kinds. */
export interface SourceCapabilities {
  /** Several databases per server (each dumped as its own artifact). */
  multiDatabase: boolean;
  schemaOnly: boolean;
  dataOnly: boolean;
  /** Restore can pick schemas/tables from a backup. */
  selectiveRestore: boolean;
  /** Roles/globals can be dumped as their own artifact. */
  globals: boolean;
}

export type DumpMode = 'full' | 'schema' | 'data';

export interface DumpOptions {
  /** Database to dump; omitted for engines with a single database (SQLite) or for a whole-server dump. */
  database?: string;
  mode: DumpMode;
  /** Dump roles and other server-wide objects instead of a database (sources with capabilities.globals). */
  globals?: boolean;
  /**
   * Which table statistics the dump records beside itself (default 'estimates'). Sources that can take exact
   * fingerprints inside the dump's own snapshot return them as `Dump.tableStats`.
   */
  tableStats?: TableStatsLevel;
}

/**
 * 'estimates': what the engine's catalog already keeps (no table scan), for people only: never compared.
 * 'exact': exact row counts and, where the engine has one, a content checksum per table, for restore drills.
 */
export type TableStatsLevel = 'estimates' | 'exact';

export interface TableStat {
  /** Schema-qualified where the engine has schemas, e.g. 'public.orders'. */
  table: string;
  rows: number;
  /** Order-independent content checksum (exact level only), computed by `TableStats.checksum`'s algorithm. */
  checksum?: string;
}

export interface TableStats {
  level: TableStatsLevel;
  /** Name of the checksum algorithm (e.g. 'pg-md5-sum-v1'); null when the tables carry no checksum. */
  checksum: string | null;
  tables: TableStat[];
}

export interface Dump {
  /**
   * The dump bytes. When it is a child process's stdout, the pipeline hands it straight to the next tool's
   * stdin (an OS pipe) so raw dump bytes never cross JavaScript.
   */
  stream: Readable;
  /** The format, recorded in the sidecar and read back by restore (e.g. 'pg-custom', 'sql', 'redis-records'). */
  format: string;
  /** File extension of the uncompressed dump, without dot (e.g. 'dump', 'sql', 'db'). */
  extension: string;
  /** Resolves when the dump finished successfully; rejects with a ToolError (stderr summarised) otherwise. */
  done: Promise<void>;
  /**
   * Table statistics taken with the dump (inside its snapshot where the engine allows), when the source takes
   * them itself; otherwise the pipeline asks `Source.tableStats`. Settles no earlier than `done`.
   */
  tableStats?: Promise<TableStats>;
  /**
   * Bytes the dump has read from the database so far, for progress while nothing leaves it yet (a dump tool hands
   * on a row only once all of it arrived). Never decreases; undefined when unknown. Cheap: sampled a few times a
   * second.
   */
  bytesRead?: () => number | undefined;
}

export interface RestoreOptions {
  /** Target database (may differ from the dumped one: rename). */
  database?: string;
  /** The format recorded in the sidecar. */
  format: string;
  /** Drop and replace existing objects; off by default. */
  clean?: boolean;
  /** Restore only these tables/schemas where the source supports selective restore. */
  tables?: string[];
}

/**
 * A database Lifeboat backs up. All methods honour `signal`: aborting kills child processes and rejects
 * with CancelledError. Errors name what failed (host, tool, database) and never include passwords.
 */
export interface Source {
  readonly capabilities: SourceCapabilities;
  /**
   * Connects and reports engine and server version; throws a clear error when unreachable (within ~10 s).
   * `database`: the one a run is about to read, for engines that connect to one database at a time (it is
   * then checked too, and the connection can serve the run's other short reads).
   */
  test(signal?: AbortSignal, database?: string): Promise<SourceInfo>;
  /** Databases the configured user can back up (system databases excluded). */
  listDatabases(signal?: AbortSignal): Promise<string[]>;
  /**
   * Per-table statistics of the database as it is now, at `level`: 'estimates' is one catalog query, 'exact'
   * reads every row (drills compute it on the restored scratch database to compare with the sidecar's).
   * A source may answer 'exact' with estimates when it has nothing better: callers check `level`.
   */
  tableStats?(database: string | undefined, level: TableStatsLevel, signal?: AbortSignal): Promise<TableStats>;
  /** Starts a dump. The caller consumes `stream` and awaits `done`. */
  dump(options: DumpOptions, signal: AbortSignal): Promise<Dump>;
  /** Reads a dump (already decrypted and decompressed) into the target. Resolves when complete. */
  restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void>;
}

export interface SourceDeps {
  logger: Logger;
}

export type SourcePlugin<Config = Record<string, unknown>> = PluginDescriptor<Config, Source, SourceDeps> & {
  /** Engine family this source dumps, shared by presets (Supabase is 'postgres'). */
  engine: string;
  /** The same as every instance's, readable without loading the implementation. */
  capabilities: SourceCapabilities;
  /** Builds a config from a CLI URL (`postgres://user:pass@host/db`). `db` in the URL is returned apart. */
  fromUrl?(url: URL): { config: Config; databases: string[] };
  /** URL schemes this plugin accepts for the CLI. */
  schemes?: readonly string[];
};
