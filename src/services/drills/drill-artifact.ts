import type { Destination } from '../../adapters/destinations/types.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import type { StoredBackup } from '../restore/artifact.js';
import type { Decryption } from '../restore/decryption.js';
import { restoreArtifact, type RestoreTarget } from '../restore/restore-runner.js';
import { engineTarget } from '../restore/targets/engines.js';
import { drillScratchName, type StagingRecord } from '../restore/targets/staging.js';
import { compareTables, describeMismatch, type TableComparison } from './compare-tables.js';
import type { TableStat } from '../../adapters/sources/types.js';
import type { Sidecar } from '../../pipeline/sidecar.js';

export interface DrillOutcome {
  key: string;
  database: string | null;
  passed: boolean;
  mismatches: TableComparison[];
  tablesCompared: number;
  /** What was compared: exact counts and checksums, exact counts only, or nothing (the backup recorded estimates). */
  compared: 'counts-and-checksums' | 'counts' | 'nothing';
  /** Exact row counts of the restored tables. */
  restored: { table: string; rows: number }[];
  /** The differing tables, for people; null when the drill passed. */
  error: string | null;
}

/**
 * One drill: restores a backup into a scratch database `lifeboat_drill_<random>` on the target (through the engine's
 * safe strategy, which checks sha256 and encryption while restoring), compares the exact row counts and content
 * checksums the sidecar recorded at dump time with the restored ones, and drops the scratch database whatever
 * happened. A backup that recorded estimates only is restored and its counts reported, with nothing to compare.
 * A failed restore throws.
 */
export async function drillArtifact(input: {
  destination: Destination;
  backup: StoredBackup;
  target: RestoreTarget;
  decryption?: Decryption;
  signal: AbortSignal;
  log(message: string, level?: 'info' | 'warn' | 'error'): Promise<void>;
  /** Records the scratch database (and any staging one) on the execution before it exists, for crash recovery. */
  recordStaging?(record: StagingRecord): Promise<void>;
}): Promise<DrillOutcome> {
  const { backup, target, signal, log } = input;
  if (backup.sidecar.kind === 'globals') return { key: backup.key, database: null, passed: true, mismatches: [], tablesCompared: 0, compared: 'nothing', restored: [], error: null };
  const engine = engineTarget(target.engine);
  if (!engine.dropDatabase) throw new ValidationError(`Drills are not supported for ${target.engine} targets yet`);
  const scratch = drillScratchName();
  const server = engine.server?.(target.config);
  if (input.recordStaging && server) await input.recordStaging({ engine: target.engine, server, database: scratch, target: scratch });
  try {
    await log(`Drill: restoring ${backup.key} into scratch database ${scratch} on ${target.name}`);
    await restoreArtifact({ destination: input.destination, backup, target, database: scratch, clean: false, allowNewerDump: false, decryption: input.decryption, signal, log, recordStaging: input.recordStaging });
    const restored = await target.source.tableStats?.(scratch, 'exact', signal);
    const restoredCounts = (restored?.tables ?? []).map(({ table, rows }) => ({ table, rows }));
    const base = { key: backup.key, database: backup.sidecar.database, restored: restoredCounts };
    const recorded = recordedFigures(backup.sidecar);
    if (!recorded || !restored || restored.level !== 'exact') {
      await log(nothingCompared(backup.sidecar.tables ? 'estimates' : 'none', restoredCounts), 'warn');
      return { ...base, passed: true, mismatches: [], tablesCompared: 0, compared: 'nothing', error: null };
    }
    const checksums = recorded.checksum !== null && recorded.checksum === restored.checksum;
    if (recorded.checksum !== null && !checksums) await log(`Drill: the target computes checksums as ${restored.checksum ?? 'nothing'}, the backup recorded ${recorded.checksum}: comparing row counts only`, 'warn');
    const mismatches = compareTables(recorded.tables, restored.tables, checksums);
    const passed = mismatches.length === 0;
    const detail = mismatches.map(describeMismatch).join('; ');
    const what = checksums ? 'row counts and content checksums' : 'row counts';
    await log(passed ? `Drill passed: ${restored.tables.length} table(s) match the ${what} recorded at dump time` : `Drill FAILED: ${detail}`, passed ? 'info' : 'error');
    return { ...base, passed, mismatches, tablesCompared: restored.tables.length, compared: checksums ? 'counts-and-checksums' : 'counts', error: passed ? null : detail };
  } finally {
    await engine.dropDatabase(target.config, scratch).catch((error: unknown) => log(`Could not drop scratch database ${scratch}: ${firstLine(error)}`, 'warn'));
  }
}

/** The exact figures a sidecar holds; sidecars written before levels existed hold exact counts without checksums. */
function recordedFigures(sidecar: Sidecar): { tables: TableStat[]; checksum: string | null } | null {
  if (!sidecar.tables) return null;
  const level = sidecar.tableStats?.level ?? 'exact';
  return level === 'exact' ? { tables: sidecar.tables, checksum: sidecar.tableStats?.checksum ?? null } : null;
}

function nothingCompared(recorded: 'estimates' | 'none', restored: { table: string; rows: number }[]): string {
  const counts = restored.map((t) => `${t.table}: ${t.rows}`).join(', ') || 'no tables';
  const why = recorded === 'estimates' ? 'the backup recorded row estimates only' : 'the backup recorded no table figures';
  return `Drill passed: restored (${counts}); ${why}, so nothing was compared. Backups of a job with drills enabled `
    + '(or `lifeboat backup --table-checksums`) record exact row counts and checksums for the next drills';
}
