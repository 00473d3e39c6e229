import { randomBytes } from 'node:crypto';
import type { Destination } from '../../adapters/destinations/types.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import type { StoredBackup } from '../restore/artifact.js';
import type { Decryption } from '../restore/decryption.js';
import { restoreArtifact, type RestoreTarget } from '../restore/restore-runner.js';
import { engineTarget } from '../restore/targets/engines.js';
import { compareTables, type TableComparison } from './compare-tables.js';

export interface DrillOutcome {
  key: string;
  database: string | null;
  passed: boolean;
  mismatches: TableComparison[];
  tablesCompared: number;
  /** The differing tables, for people; null when the drill passed. */
  error: string | null;
}

/**
 * One drill: restores a backup into a scratch database `lifeboat_drill_<random>` on the target (through the engine's
 * safe strategy, which checks sha256 and encryption while restoring), compares per-table row counts with those the
 * sidecar recorded at dump time, and drops the scratch database whatever happened. A failed restore throws.
 */
export async function drillArtifact(input: {
  destination: Destination;
  backup: StoredBackup;
  target: RestoreTarget;
  decryption?: Decryption;
  signal: AbortSignal;
  log(message: string, level?: 'info' | 'warn' | 'error'): Promise<void>;
}): Promise<DrillOutcome> {
  const { backup, target, signal, log } = input;
  if (backup.sidecar.kind === 'globals') return { key: backup.key, database: null, passed: true, mismatches: [], tablesCompared: 0, error: null };
  const engine = engineTarget(target.engine);
  if (!engine.dropDatabase) throw new ValidationError(`Drills are not supported for ${target.engine} targets yet`);
  const scratch = `lifeboat_drill_${randomBytes(6).toString('hex')}`;
  try {
    await log(`Drill: restoring ${backup.key} into scratch database ${scratch} on ${target.name}`);
    await restoreArtifact({ destination: input.destination, backup, target, database: scratch, clean: false, allowNewerDump: false, decryption: input.decryption, signal, log });
    const restored = (await target.source.tableStats?.(scratch, signal)) ?? [];
    const recorded = backup.sidecar.tables;
    const mismatches = recorded ? compareTables(recorded, restored) : [];
    const passed = mismatches.length === 0;
    const detail = mismatches.map((m) => `${m.table}: ${m.expected ?? 'absent'} recorded, ${m.actual ?? 'absent'} restored`).join('; ');
    await log(recorded ? (passed ? `Drill passed: ${restored.length} table(s) match the row counts recorded at dump time` : `Drill FAILED: ${detail}`) : 'Restored; the backup recorded no row counts to compare', passed ? 'info' : 'error');
    return { key: backup.key, database: backup.sidecar.database, passed, mismatches, tablesCompared: restored.length, error: passed ? null : detail };
  } finally {
    await engine.dropDatabase(target.config, scratch).catch((error: unknown) => log(`Could not drop scratch database ${scratch}: ${firstLine(error)}`, 'warn'));
  }
}
