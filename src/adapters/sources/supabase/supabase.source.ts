import type { Readable } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { PostgresSource } from '../postgres/postgres.source.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceDeps, SourceInfo, TableStats, TableStatsLevel } from '../types.js';
import { SUPABASE_INTERNAL_DATABASES, SUPABASE_MANAGED_SCHEMAS } from './managed-schemas.js';
import { dumpStorage, STORAGE_FORMAT } from './storage-archive.js';
import { postgresPart, type SupabaseConfig } from './supabase.config.js';

/**
 * Storage is backed up as one more "database" of the source, so jobs, naming and the pipeline treat it
 * like any other artifact. The name cannot clash: it is not a name a Supabase project's database has.
 */
export const STORAGE_DATABASE = '@storage';

/** A Supabase project: PostgreSQL without the platform's schemas, roles without passwords, optional Storage. */
export class SupabaseSource implements Source {
  private readonly postgres: PostgresSource;
  readonly capabilities: SourceCapabilities;

  constructor(
    private readonly config: SupabaseConfig,
    deps: SourceDeps,
  ) {
    this.postgres = new PostgresSource(postgresPart(config), deps, {
      excludeSchemas: config.includeManagedSchemas ? [] : SUPABASE_MANAGED_SCHEMAS,
      // Supabase's postgres role cannot read pg_authid: pg_dumpall needs --no-role-passwords there.
      globalsWithoutRolePasswords: true,
    });
    this.capabilities = this.postgres.capabilities;
  }

  test(signal?: AbortSignal, database?: string): Promise<SourceInfo> {
    return this.postgres.test(signal, database);
  }

  async listDatabases(signal?: AbortSignal): Promise<string[]> {
    const internal: readonly string[] = SUPABASE_INTERNAL_DATABASES;
    const databases = (await this.postgres.listDatabases(signal)).filter((name) => !internal.includes(name));
    return this.config.storageEndpoint ? [...databases, STORAGE_DATABASE] : databases;
  }

  tableStats(database: string | undefined, level: TableStatsLevel, signal?: AbortSignal): Promise<TableStats> {
    if (database === STORAGE_DATABASE) return Promise.resolve({ level, checksum: null, tables: [] });
    return this.postgres.tableStats(database, level, signal);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    if (options.database === STORAGE_DATABASE && !options.globals) return dumpStorage(this.config, signal);
    return this.postgres.dump(options, signal);
  }

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    if (options.format === STORAGE_FORMAT) {
      throw new ValidationError('Storage backups are restored by hand for now: extract the tar (one folder per bucket) and upload it with any S3 client');
    }
    return this.postgres.restore(stream, options, signal);
  }
}
