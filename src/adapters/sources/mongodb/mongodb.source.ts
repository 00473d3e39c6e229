import type { Readable } from 'node:stream';
import { ValidationError } from '../../../lib/errors.js';
import { createSecretFile } from '../../../lib/secret-file.js';
import { spawnTool } from '../../../lib/spawn.js';
import type { Dump, DumpOptions, RestoreOptions, Source, SourceCapabilities, SourceDeps, SourceInfo, TableStat, TableStats, TableStatsLevel } from '../types.js';
import { assertRestoreTarget, mongodumpArgs, mongorestoreArgs, toolConfigYaml } from './mongodb.args.js';
import { withMongoClient } from './mongodb.client.js';
import { MONGODB_CAPABILITIES, MONGODB_SYSTEM_DATABASES, type MongodbConfig } from './mongodb.config.js';

export const MONGODB_ARCHIVE_FORMAT = 'mongodb-archive';
/** MongoDB's database tools are not in Debian: they come from MongoDB's own repository. */
const PACKAGE = 'mongodb-database-tools';

export class MongodbSource implements Source {
  readonly capabilities: SourceCapabilities = MONGODB_CAPABILITIES;

  constructor(
    private readonly config: MongodbConfig,
    private readonly deps: SourceDeps,
  ) {}

  test(signal?: AbortSignal): Promise<SourceInfo> {
    return withMongoClient(this.config, async (client) => {
      const info = await client.db('admin').command({ buildInfo: 1 });
      return { engine: 'mongodb', serverVersion: String(info.version ?? '') };
    }, signal);
  }

  listDatabases(signal?: AbortSignal): Promise<string[]> {
    return withMongoClient(this.config, async (client) => {
      const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true, authorizedDatabases: true });
      return databases.map((db) => db.name).filter((name) => !MONGODB_SYSTEM_DATABASES.includes(name)).sort();
    }, signal);
  }

  /** Exact document counts per collection (`countDocuments`), as `database.collection`. */
  /** Estimates from collection metadata (no scan); 'exact' counts the documents (no checksum, outside the dump). */
  tableStats(database: string | undefined, level: TableStatsLevel, signal?: AbortSignal): Promise<TableStats> {
    if (!database) return Promise.resolve({ level, checksum: null, tables: [] });
    return withMongoClient(this.config, async (client) => {
      const db = client.db(database);
      const collections = await db.listCollections({ type: 'collection' }, { nameOnly: true }).toArray();
      const tables: TableStat[] = [];
      for (const { name } of collections.filter((c) => !c.name.startsWith('system.'))) {
        const collection = db.collection(name);
        const rows = level === 'exact' ? await collection.countDocuments({}, { maxTimeMS: 60_000 }) : await collection.estimatedDocumentCount({ maxTimeMS: 60_000 });
        tables.push({ table: `${database}.${name}`, rows });
      }
      return { level, checksum: null, tables: tables.sort((a, b) => a.table.localeCompare(b.table)) };
    }, signal);
  }

  /** `mongodump --archive` to stdout: one database, or the whole deployment when none is given. */
  async dump(options: DumpOptions, signal: AbortSignal): Promise<Dump> {
    if (options.mode !== 'full' || options.globals) throw new ValidationError('MongoDB backups are full dumps only (no schema-only, data-only or globals)');
    const secret = await createSecretFile('mongodump.yaml', toolConfigYaml(this.config.uri, this.config.password));
    const tool = spawnTool('mongodump', mongodumpArgs(secret.path, options.database), { stdout: 'pipe', signal, packageHint: PACKAGE });
    const done = tool.done.finally(() => secret.dispose());
    done.catch(() => undefined);
    this.deps.logger.debug({ database: options.database }, 'starting mongodump');
    return { stream: tool.child.stdout as Readable, format: MONGODB_ARCHIVE_FORMAT, extension: 'archive', done, bytesRead: tool.bytesRead };
  }

  async restore(stream: Readable, options: RestoreOptions, signal: AbortSignal): Promise<void> {
    if (options.format !== MONGODB_ARCHIVE_FORMAT) {
      throw new ValidationError(`MongoDB cannot restore a backup in format '${options.format}' (expected ${MONGODB_ARCHIVE_FORMAT})`);
    }
    assertRestoreTarget(options.database); // before any secret touches the disk
    const secret = await createSecretFile('mongorestore.yaml', toolConfigYaml(this.config.uri, this.config.password));
    try {
      const tool = spawnTool('mongorestore', mongorestoreArgs(secret.path, options), { stdin: 'pipe', signal, packageHint: PACKAGE });
      stream.pipe(tool.child.stdin!).on('error', () => undefined); // mongorestore exiting early surfaces through done
      stream.once('error', () => tool.child.kill('SIGTERM'));
      await tool.done.catch((error: unknown) => {
        stream.destroy(); // unread input: stop whatever feeds it
        throw error;
      });
    } finally {
      await secret.dispose();
    }
  }
}
