import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Destination } from '../../../adapters/destinations/types.js';
import type { Source } from '../../../adapters/sources/types.js';
import { ValidationError } from '../../../lib/errors.js';
import { spawnTool } from '../../../lib/spawn.js';
import { runRestore } from '../../../pipeline/restore.js';
import type { StoredBackup } from '../artifact.js';
import type { Decryption } from '../decryption.js';
import { DumpSectionFilter } from './mysql-sections.js';

export interface BackupTable {
  /** `schema.table` for PostgreSQL, the table name for MySQL/MariaDB: what `tables` in a restore request takes. */
  name: string;
  schema: string | null;
  table: string;
}

/** A restore target that reads the dump only to name its tables. */
type Reader = (stream: Readable, signal: AbortSignal) => Promise<BackupTable[]>;

/**
 * `pg_restore --list` reads the archive's table of contents from its start. Its lines do not quote names,
 * so 'schema name' is split with the help of the table names the sidecar recorded at dump time.
 */
function pgReader(known: string[]): Reader {
  return async (stream, signal) => {
    const tool = spawnTool('pg_restore', ['--list'], { stdin: 'pipe', stdout: 'pipe', signal, packageHint: 'postgresql-client' });
    stream.pipe(tool.child.stdin!).on('error', () => undefined);
    const tables: BackupTable[] = [];
    for await (const line of createInterface({ input: tool.child.stdout! })) {
      const match = /^\d+; \d+ \d+ TABLE (?!DATA )(.+) \S+$/.exec(line);
      if (!match) continue;
      const spaced = match[1]!;
      const hit = known.find((name) => { const dot = name.indexOf('.'); return `${name.slice(0, dot)} ${name.slice(dot + 1)}` === spaced; });
      const [schema, table] = hit ? [hit.slice(0, hit.indexOf('.')), hit.slice(hit.indexOf('.') + 1)] : [spaced.slice(0, spaced.indexOf(' ')), spaced.slice(spaced.indexOf(' ') + 1)];
      tables.push({ name: `${schema}.${table}`, schema, table });
    }
    await tool.done;
    return tables;
  };
}

/** MySQL/MariaDB dumps: every `-- Table structure for table` marker, reading the whole dump. */
const mysqlReader: Reader = async (stream) => {
  const tables: BackupTable[] = [];
  const scan = new DumpSectionFilter(() => false, (s) => { if (s.kind === 'table') tables.push({ name: s.table, schema: null, table: s.table }); });
  stream.once('error', (error) => scan.destroy(error));
  await new Promise<void>((resolve, reject) => stream.pipe(scan).on('finish', resolve).on('error', reject).resume());
  return tables;
};

function readerFor(backup: StoredBackup): Reader {
  const { sidecar } = backup;
  if (sidecar.dump.format === 'pg-custom') return pgReader((sidecar.tables ?? []).map((t) => t.table));
  if (sidecar.dump.format === 'mysql-sql') return mysqlReader;
  throw new ValidationError(`Tables cannot be listed for a ${sidecar.source.engine} backup (format ${sidecar.dump.format})`);
}

/**
 * Lists a backup's tables from the backup itself: download -> verify -> decrypt -> decompress -> reader. A
 * PostgreSQL archive names its tables in its first bytes, so reading stops there (the checksum of the rest is
 * checked by restore or verify); a SQL dump is read to its end, checksum included.
 */
export async function listBackupTables(destination: Destination, backup: StoredBackup, decryption: Decryption | undefined, signal: AbortSignal): Promise<BackupTable[]> {
  const read = readerFor(backup);
  const enough = new AbortController();
  let found: BackupTable[] | undefined;
  const lister: Source = {
    capabilities: { multiDatabase: false, schemaOnly: false, dataOnly: false, selectiveRestore: false, globals: false },
    test: async () => ({ engine: backup.sidecar.source.engine, serverVersion: '' }),
    listDatabases: async () => [],
    dump: async () => { throw new ValidationError('not a source'); },
    restore: async (stream, _options, innerSignal) => {
      found = await read(stream, innerSignal);
      // Discard what is left: a paused tool output with buffered bytes never closes, and its tool never reports exit.
      stream.resume();
      enough.abort();
    },
  };
  try {
    await runRestore({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, target: lister, options: {}, decryption, signal: AbortSignal.any([signal, enough.signal]) });
  } catch (error) {
    // Once the reader has its answer, stopping the rest of the download is expected, not a failure.
    if (!found || signal.aborted) throw error;
  }
  return found ?? [];
}
