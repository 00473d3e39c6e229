import type { Dump, TableStats } from '../types.js';
import type { MysqlConfig } from './mysql.config.js';
import { withConnection } from './mysql-connection.js';
import { beginSnapshot, fingerprintTables } from './mysql-table-stats.js';

/**
 * Opens the fingerprints' consistent snapshot, then starts the dump at once (its `--single-transaction` opens its
 * own), then reads the fingerprints in that snapshot while the dump runs. When the snapshot cannot be opened the
 * dump still runs and `tableStats` rejects with the reason.
 */
export async function dumpWithFingerprints(config: MysqlConfig, database: string, signal: AbortSignal, start: () => Dump): Promise<Dump> {
  let opened!: () => void;
  const snapshot = new Promise<void>((resolve) => { opened = resolve; });
  let started!: () => void;
  const dumping = new Promise<void>((resolve) => { started = resolve; });
  const tableStats: Promise<TableStats> = withConnection(config, async (conn) => {
    await beginSnapshot(conn);
    opened();
    await dumping;
    const stats = await fingerprintTables(conn, database);
    await conn.query('COMMIT');
    return stats;
  }, signal);
  tableStats.catch(() => undefined);
  await Promise.race([snapshot, tableStats.then(() => undefined, () => undefined)]);
  let dump: Dump;
  try {
    dump = start();
  } finally {
    started();
  }
  // Settles no earlier than the dump, as the contract says.
  const settled = Promise.allSettled([dump.done]).then(() => tableStats);
  settled.catch(() => undefined);
  return { ...dump, tableStats: settled };
}
