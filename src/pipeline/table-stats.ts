import type { Dump, DumpOptions, Source, TableStats } from '../adapters/sources/types.js';
import { firstLine } from '../lib/errors.js';

/**
 * The table statistics a dump's sidecar records: the source's own (taken inside the dump's snapshot) when it took
 * them, else the source's answer for the requested level. None for globals and schema-only dumps, which hold no
 * rows. Never fails the backup: a failure is logged and the sidecar records none.
 */
export function dumpTableStats(source: Source, options: DumpOptions, dump: Dump, signal: AbortSignal, onLog: (message: string) => void): Promise<TableStats | null> {
  if (options.globals || options.mode === 'schema') return Promise.resolve(null);
  const level = options.tableStats ?? 'estimates';
  const taking = dump.tableStats ?? source.tableStats?.(options.database, level, signal);
  if (!taking) return Promise.resolve(null);
  return taking.then(
    (stats) => {
      if (level === 'exact' && stats.level !== 'exact') onLog('Exact table fingerprints are not available for this engine: the sidecar records estimates');
      return stats;
    },
    (error: Error) => {
      onLog(`Table ${level === 'exact' ? 'fingerprints' : 'statistics'} unavailable: ${firstLine(error)}`);
      return null;
    },
  );
}
