import type { TableStats } from '../types.js';
import type { PostgresConfig } from './postgres.config.js';
import { withPgClient } from './postgres.connection.js';
import { beginFingerprintSnapshot, exportSnapshot, fingerprintTables } from './postgres.table-stats.js';

/**
 * A dump whose table fingerprints describe exactly the dumped rows, however much the database is written to
 * meanwhile: one connection opens a read-only repeatable-read transaction and exports its snapshot, `start` runs
 * pg_dump with `--snapshot=<id>`, the fingerprints are read in the same transaction, and the transaction stays open
 * until pg_dump has ended (it imports the snapshot as it starts). Rejects when no snapshot could be exported.
 */
export async function dumpInSnapshot<T extends { done: Promise<void> }>(input: {
  config: PostgresConfig;
  database: string;
  excludeSchemas: readonly string[];
  signal: AbortSignal;
  start(snapshot: string): T;
  /** Runs once pg_dump has started, before the fingerprints are read (tests write to the database here). */
  duringDump(): Promise<void>;
}): Promise<{ tool: T; tableStats: Promise<TableStats> }> {
  let exported!: (snapshot: string) => void;
  const snapshot = new Promise<string>((resolve) => { exported = resolve; });
  // Boxed: a promise resolved with a promise would wait for it, and the fingerprints must not wait for the dump.
  let started!: (tool: { done: Promise<void> }) => void;
  const dumping = new Promise<{ done: Promise<void> }>((resolve) => { started = resolve; });
  const tableStats = withPgClient(input.config, input.database, async (client) => {
    await beginFingerprintSnapshot(client);
    exported(await exportSnapshot(client));
    const { done } = await dumping;
    try {
      await input.duringDump();
      return await fingerprintTables(client, input.excludeSchemas);
    } finally {
      await done.catch(() => undefined);
    }
  }, input.signal);
  tableStats.catch(() => undefined);
  const id = await Promise.race([snapshot, tableStats.then(() => Promise.reject(new Error('snapshot session ended early')))]);
  let tool: T;
  try {
    tool = input.start(id);
  } catch (error) {
    started({ done: Promise.resolve() });
    throw error;
  }
  started({ done: tool.done });
  return { tool, tableStats };
}
