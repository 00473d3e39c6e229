import { createReadStream } from 'node:fs';
import { addAbortSignal, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import Database from 'better-sqlite3';
import { CancelledError, ValidationError } from '../../../lib/errors.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceInfo, TableStats } from '../types.js';
import { SQLITE_CAPABILITIES, type SqliteConfig } from './sqlite.config.js';
import { quoteIdent, withDatabase } from './sqlite-open.js';
import { restoreToFile } from './sqlite-restore.js';
import { takeSnapshot } from './sqlite-snapshot.js';

export const SQLITE_FORMAT = 'sqlite-db';
/** The one database of a file, named like SQLite names it. */
const MAIN = 'main';
const CHUNK = 1024 * 1024;

/** A SQLite database file: online snapshot on dump, verified new file on restore. */
export class SqliteSource implements Source {
  readonly capabilities: SourceCapabilities = SQLITE_CAPABILITIES;

  constructor(private readonly config: SqliteConfig) {}

  async test(): Promise<SourceInfo> {
    withDatabase(this.config.path, { readonly: true }, () => undefined);
    const version = new Database(':memory:');
    try {
      return { engine: 'sqlite', serverVersion: String(version.prepare('SELECT sqlite_version()').pluck().get()) };
    } finally {
      version.close();
    }
  }

  async listDatabases(): Promise<string[]> {
    return [MAIN];
  }

  /**
   * Row counts of the live file (a local b-tree walk, cheap beside copying the file). They are recorded as estimates
   * whatever the level asked: they are read apart from the dump's snapshot, so a write in between can differ.
   */
  async tableStats(): Promise<TableStats> {
    return withDatabase(this.config.path, { readonly: true }, (db) => {
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name`)
        .pluck()
        .all() as string[];
      const counted = tables.map((table) => ({ table, rows: Number(db.prepare(`SELECT count(*) FROM ${quoteIdent(table)}`).pluck().get()) }));
      return { level: 'estimates' as const, checksum: null, tables: counted };
    });
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    if (options.database && options.database !== MAIN) throw new ValidationError(`A SQLite file has one database ('main'), not '${options.database}'`);
    if (options.mode !== 'full') throw new ValidationError('SQLite backups are whole-file snapshots: schema-only and data-only are not available');
    const snapshot = await takeSnapshot(this.config.path, signal);
    const stream = addAbortSignal(signal, createReadStream(snapshot.file, { highWaterMark: CHUNK }));
    const done = finished(stream)
      .catch((error: unknown) => {
        throw signal.aborted ? new CancelledError('SQLite dump cancelled', { cause: error }) : error;
      })
      .finally(() => snapshot.dispose());
    done.catch(() => undefined);
    return { stream, format: SQLITE_FORMAT, extension: 'db', done, bytesRead: () => stream.bytesRead };
  }

  /**
   * Restores into `options.database` (an absolute path: rename) or else this source's own file; an existing
   * non-empty file is replaced only with `clean`.
   */
  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    if (options.format !== SQLITE_FORMAT) throw new ValidationError(`SQLite cannot restore a '${options.format}' backup`);
    await restoreToFile(stream, options.database ?? this.config.path, options.clean ?? false, signal);
  }
}
