import type { Destination } from '../../adapters/destinations/types.js';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine } from '../../lib/errors.js';
import { humanBytes } from '../../lib/format.js';
import { runBackup, type BackupOutcome, type EncryptionSlot } from '../../pipeline/backup.js';
import { parseCompression } from '../../pipeline/stages/compression.js';
import type { DestinationsService } from '../../services/destinations.service.js';
import type { ExecutionsService } from '../../services/executions/executions.service.js';
import type { JobsService, JobView } from '../../services/jobs/jobs.service.js';
import type { SourcesService } from '../../services/sources.service.js';
import type { HandlerOutcome } from '../queue.js';
import { progressReporter } from './progress-reporter.js';

export interface BackupHandlerDeps {
  jobs: JobsService;
  sources: SourcesService;
  destinations: DestinationsService;
  executions: ExecutionsService;
  clock: Clock;
  /** The job's encryption profile as a pipeline slot (undefined when the job does not encrypt). */
  encryptionFor?: (job: JobView) => Promise<EncryptionSlot | undefined>;
  /** Runs after the backup whatever its result: retention, notifications. Never changes the result. */
  after?: (job: JobView, execution: ExecutionRow, outcome: HandlerOutcome) => Promise<void>;
}

/** Runs a job: every chosen database (and globals) as its own artifact, one dump each, to every destination. */
export function backupHandler(deps: BackupHandlerDeps) {
  return async (execution: ExecutionRow, signal: AbortSignal): Promise<HandlerOutcome> => {
    const log = (message: string, level: 'info' | 'warn' | 'error' = 'info') => deps.executions.log(execution.id, message, level);
    const job = await deps.jobs.get(execution.job_id!);
    const opened = await deps.sources.open(job.sourceId);
    if (!opened.view.active) return { status: 'failed', result: null, error: `Source "${opened.view.name}" is paused`, retryable: false };
    const destinations = await Promise.all(job.destinationIds.map((id) => deps.destinations.open(id)));
    try {
      const outcome = await backupAll(deps, execution, job, opened, destinations, signal, log);
      await deps.after?.(job, execution, outcome).catch((error: unknown) => log(`After-backup step failed: ${firstLine(error)}`, 'warn'));
      return outcome;
    } finally {
      await Promise.all(destinations.map((d) => d.destination.close().catch(() => undefined)));
    }
  };
}

async function backupAll(
  deps: BackupHandlerDeps,
  execution: ExecutionRow,
  job: JobView,
  opened: Awaited<ReturnType<SourcesService['open']>>,
  destinations: { destination: Destination; view: { name: string } }[],
  signal: AbortSignal,
  log: (message: string, level?: 'info' | 'warn' | 'error') => Promise<void>,
): Promise<HandlerOutcome> {
  const { source, view } = opened;
  const databases: (string | undefined)[] = job.databases.length > 0 ? job.databases : source.capabilities.multiDatabase ? await source.listDatabases(signal) : [undefined];
  const runs = [...databases.map((database) => ({ database, globals: false })), ...(job.options.globals && source.capabilities.globals ? [{ database: undefined, globals: true }] : [])];
  await log(`Backing up ${runs.length} artifact(s) from ${view.name} to ${destinations.map((d) => d.view.name).join(', ')}`);
  const encryption = await deps.encryptionFor?.(job);
  const progress = progressReporter(deps.executions, execution.id, deps.clock);
  // Drills compare exact figures read inside each dump's snapshot; other jobs record the engine's cheap estimates.
  const tableStats = job.options.drill.enabled ? 'exact' as const : 'estimates' as const;
  const artifacts: (BackupOutcome & { database: string | null })[] = [];
  for (const run of runs) {
    if (signal.aborted) break;
    progress.step(run.globals ? 'globals' : (run.database ?? view.name), artifacts.at(-1)?.size ?? 0);
    const outcome = await runBackup({
      source, sourceName: view.name, dump: { database: run.database, mode: job.options.mode, globals: run.globals, tableStats },
      destinations: destinations.map((d) => ({ name: d.view.name, destination: d.destination, prefix: job.options.prefix })),
      compression: parseCompression(job.compression), encryption, job: { id: job.id, name: job.name }, clock: deps.clock, signal,
      onProgress: progress.update, onLog: (message) => void log(message),
    });
    artifacts.push({ ...outcome, database: run.database ?? (run.globals ? 'globals' : null) });
    await log(outcome.status === 'succeeded' ? `${run.database ?? 'server'}: ${humanBytes(outcome.size)} stored` : `${run.database ?? 'server'}: ${outcome.status}: ${outcome.error}`, outcome.status === 'succeeded' ? 'info' : 'error');
  }
  await progress.flush();
  const ok = artifacts.filter((a) => a.status === 'succeeded').length;
  const some = artifacts.some((a) => a.status !== 'failed');
  const status = signal.aborted ? 'cancelled' : ok === artifacts.length && ok > 0 ? 'succeeded' : some ? 'partial' : 'failed';
  const errors = artifacts.filter((a) => a.error).map((a) => `${a.database ?? 'server'}: ${a.error}`);
  return {
    status,
    result: { artifacts, totalSize: artifacts.reduce((sum, a) => sum + a.size, 0) },
    error: errors.length ? errors.join('; ') : null,
  };
}
