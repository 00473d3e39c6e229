import { z } from 'zod';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { ExecutionsRepo } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import { ConflictError, firstLine } from '../../lib/errors.js';
import type { RestoreTarget } from './restore-runner.js';
import { engineTarget } from './targets/engines.js';
import { isStagingName, manualDrop, type StagingRecord } from './targets/staging.js';

const recordsSchema = z.object({
  staging: z.array(z.object({ engine: z.string(), server: z.string(), database: z.string(), target: z.string(), oneOff: z.boolean().optional() })),
});

/**
 * Writes each staging database into the running execution's result before it is created; the final result
 * replaces it. Refuses when the execution is no longer running (recovered by another worker): nothing is created.
 */
export function stagingRecorder(repo: ExecutionsRepo, executionId: string, oneOff: boolean): (record: StagingRecord) => Promise<void> {
  const staging: (StagingRecord & { oneOff: boolean })[] = [];
  return async (record) => {
    staging.push({ ...record, oneOff });
    if (!(await repo.update(executionId, { result: JSON.stringify({ staging }) }, 'running'))) {
      throw new ConflictError('This restore is no longer running (it was recovered as interrupted): start it again');
    }
  };
}

/**
 * After a crash: drops the staging databases an interrupted execution recorded, on the server its source still
 * points at, with the source's stored credentials. Returns what was done, or exactly what to drop by hand; null
 * when nothing was recorded. Drops nothing but names of the staging shape recorded by this execution.
 */
export async function dropInterruptedStaging(row: ExecutionRow, openTarget: (sourceId: string) => Promise<RestoreTarget>): Promise<string | null> {
  const parsed = recordsSchema.safeParse(parseJson<unknown>(row.result, null));
  const records = parsed.success ? parsed.data.staging.filter((r) => isStagingName(r.database)) : [];
  if (records.length === 0) return null;
  let target: RestoreTarget | undefined;
  let unavailable = 'the execution names no source';
  if (row.source_id) target = await openTarget(row.source_id).catch((error: unknown) => { unavailable = firstLine(error); return undefined; });
  const notes: string[] = [];
  for (const record of records) {
    const engine = engineTarget(record.engine);
    const byHand = `drop it by hand on ${record.server}: ${manualDrop(record.engine, record.database)}`;
    const server = target && engine.server?.(target.config);
    if (!target || !engine.dropDatabase || target.engine !== record.engine || server !== record.server) {
      const why = target ? `the source now points at ${server ?? target.engine}` : unavailable;
      notes.push(`Staging database ${record.database} of the restore into ${record.target} may be left behind (${why}); ${byHand}`);
      continue;
    }
    try {
      if (engine.databaseExists && !(await engine.databaseExists(target.config, record.database))) {
        notes.push(`Staging database ${record.database} no longer exists (never created, or already renamed or moved into ${record.target}: check ${record.target})`);
        continue;
      }
      await engine.dropDatabase(target.config, record.database);
      notes.push(record.database === record.target
        ? `Dropped scratch database ${record.database} on ${record.server}, left by the interrupted drill`
        : `Dropped staging database ${record.database} on ${record.server}: the restore into ${record.target} never completed and ${record.target} was left as it was`);
    } catch (error) {
      const credentials = record.oneOff ? ' (it was created with one-off credentials, which are never kept)' : '';
      notes.push(`Could not drop staging database ${record.database}${credentials}: ${firstLine(error)}; ${byHand}`);
    }
  }
  return notes.join('. ');
}
