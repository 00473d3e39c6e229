import { Readable, addAbortSignal } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CancelledError, ValidationError } from '../../../lib/errors.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceInfo, TableStats } from '../types.js';
import { parseDbIndex, REDIS_CAPABILITIES, type RedisConfig } from './redis.config.js';
import { keyspace, parseInfo, translateRedisError, withRedis } from './redis-connection.js';
import { dumpRecords } from './redis-dump.js';
import { RECORDS_FORMAT } from './redis-records.js';
import { restoreRecords } from './redis-restore.js';

const CHUNK = 1024 * 1024;

/** Redis / Valkey: SCAN + DUMP/PTTL streamed as `redis-records`, restored with RESTORE ... REPLACE, no restart. */
export class RedisSource implements Source {
  readonly capabilities: SourceCapabilities = REDIS_CAPABILITIES;

  constructor(private readonly config: RedisConfig) {}

  private info(section: string): Promise<Map<string, string>> {
    return withRedis(this.config, this.config.db ?? 0, async (client) => parseInfo(await client.info(section)));
  }

  async test(): Promise<SourceInfo> {
    const info = await this.info('server');
    const valkey = info.get('valkey_version');
    return { engine: 'redis', serverVersion: valkey ? `${valkey} (Valkey)` : (info.get('redis_version') ?? 'unknown') };
  }

  /** Logical databases holding keys (only the configured one when the source is limited to one). */
  async listDatabases(): Promise<string[]> {
    const dbs = keyspace(await this.info('keyspace'))
      .map((entry) => entry.db)
      .filter((db) => this.config.db === undefined || db === this.config.db);
    return dbs.map(String);
  }

  /** Key counts per logical database (`db13`), from INFO keyspace: Redis has no tables. */
  /** Keys per database from INFO keyspace: the server's own counter, read at once; estimates (keys expire meanwhile). */
  async tableStats(database: string | undefined): Promise<TableStats> {
    const wanted = await this.databases(database);
    const tables = keyspace(await this.info('keyspace'))
      .filter((entry) => wanted.includes(entry.db))
      .map((entry) => ({ table: `db${entry.db}`, rows: entry.keys }));
    return { level: 'estimates', checksum: null, tables };
  }

  /** One database when asked (or configured), else every database that has keys, in one artifact. */
  private async databases(database: string | undefined): Promise<number[]> {
    if (database !== undefined) return [parseDbIndex(database)];
    if (this.config.db !== undefined) return [this.config.db];
    return (await this.listDatabases()).map(Number);
  }

  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    if (options.mode !== 'full') throw new ValidationError('Redis backups hold whole keys: schema-only and data-only are not available');
    const dbs = await this.databases(options.database);
    const stream = addAbortSignal(signal, Readable.from(dumpRecords(this.config, dbs), { objectMode: false, highWaterMark: CHUNK }));
    const done = finished(stream).catch((error: unknown) => {
      throw signal.aborted ? new CancelledError('Redis dump cancelled', { cause: error }) : translateRedisError(error, this.config);
    });
    done.catch(() => undefined);
    return { stream, format: RECORDS_FORMAT, extension: 'rrec', done };
  }

  /** `options.database` maps every key into that database; `clean` empties each target database first. */
  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    if (options.format !== RECORDS_FORMAT) throw new ValidationError(`Redis cannot restore a '${options.format}' backup`);
    const target = { db: options.database === undefined ? undefined : parseDbIndex(options.database), clean: options.clean ?? false };
    try {
      await restoreRecords(this.config, stream, target, signal);
    } catch (error) {
      stream.destroy();
      if (signal.aborted) throw new CancelledError('Redis restore cancelled', { cause: error });
      throw translateRedisError(error, this.config);
    }
  }
}
