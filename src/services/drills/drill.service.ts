import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import type { ExecutionTrigger } from '../../domain/job.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import type { DestinationsService } from '../destinations.service.js';
import type { EnqueueRequest, ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionView } from '../executions/execution-view.js';
import type { JobsService, JobView } from '../jobs/jobs.service.js';
import { readBackup } from '../restore/artifact.js';
import { newestJobBackups, type CatalogReader } from '../restore/job-backups.js';
import { oneOffDecryptionFor, type DecryptionFor } from '../restore/decryption.js';
import type { RestoreService } from '../restore/restore.service.js';
import type { RestoreTarget } from '../restore/restore-runner.js';
import { stagingRecorder } from '../restore/staging-recovery.js';
import { drillArtifact, type DrillOutcome } from './drill-artifact.js';

export interface DrillServiceDeps {
  jobs: JobsService;
  destinations: DestinationsService;
  executions: ExecutionsService;
  restore: Pick<RestoreService, 'openTarget'>;
  /** Finds the job's newest backups on storage, for drills that name none (scheduled and manual ones). */
  catalog: CatalogReader;
  clock: Clock;
  wakeQueue: () => void;
  /** How to decrypt the job's backups (an encryption-profile lookup plugs in here). */
  decryptionFor?: DecryptionFor;
}

export interface DrillArtifact {
  destinationId: string;
  key: string;
}

interface DrillPayload {
  artifacts: DrillArtifact[];
  /** Drill the newest backup of each of the job's databases instead, looked up on storage when the drill runs. */
  newestOfJob?: true;
  backupExecutionId: string | null;
}

/** The drill a job's own drill schedule queues for the tick `at` (unique per job, type and tick). */
export function scheduledDrill(job: JobView, at: string): EnqueueRequest {
  const payload: DrillPayload = { artifacts: [], newestOfJob: true, backupExecutionId: null };
  return { type: 'drill', trigger: 'schedule', jobId: job.id, sourceId: job.options.drill.targetSourceId, scheduledFor: at, payload, maxAttempts: 1 };
}

export interface DrillArtifactResult extends DrillOutcome {
  destinationId: string;
}

/** Restore drills: prove a backup restores, by restoring it into a scratch database and comparing row counts and checksums. */
export class DrillService {
  private readonly decryptionFor: DecryptionFor;

  constructor(private readonly deps: DrillServiceDeps) {
    this.decryptionFor = deps.decryptionFor ?? oneOffDecryptionFor;
  }

  /** Queues a drill after a job's backup when the job asks for one; the queue runs it once the backup has ended. */
  async afterBackup(job: JobView, execution: ExecutionRow, outcome: { status: string; result: unknown }): Promise<void> {
    if (!job.options.drill.enabled || !job.options.drill.afterBackup || outcome.status === 'failed' || outcome.status === 'cancelled') return;
    const names = new Map<string, string>();
    for (const id of job.destinationIds) names.set((await this.deps.destinations.get(id)).name, id);
    const artifacts: DrillArtifact[] = [];
    const produced = (outcome.result as { artifacts?: { status: string; destinations: { name: string; key: string; ok: boolean }[] }[] } | null)?.artifacts ?? [];
    for (const artifact of produced.filter((a) => a.status !== 'failed')) {
      const stored = artifact.destinations.find((d) => d.ok && names.has(d.name));
      if (stored) artifacts.push({ destinationId: names.get(stored.name)!, key: stored.key });
    }
    if (artifacts.length > 0) await this.start(job.id, artifacts, execution.trigger === 'schedule' ? 'schedule' : 'system', execution.id);
  }

  /** Queues a drill of `artifacts`, or with null of the job's newest backups (found when it runs). */
  async start(jobId: string, artifacts: DrillArtifact[] | null, trigger: ExecutionTrigger, backupExecutionId: string | null = null): Promise<ExecutionView> {
    const job = await this.deps.jobs.get(jobId);
    const target = job.options.drill.targetSourceId;
    if (!target) throw new ValidationError(`Job "${job.name}" has no drill target: set options.drill.targetSourceId`);
    const payload: DrillPayload = artifacts ? { artifacts, backupExecutionId } : { artifacts: [], newestOfJob: true, backupExecutionId };
    const execution = (await this.deps.executions.enqueue({ type: 'drill', trigger, jobId, sourceId: target, payload, maxAttempts: 1 }))!;
    this.deps.wakeQueue();
    return execution;
  }

  async run(execution: ExecutionRow, signal: AbortSignal): Promise<{ passed: boolean; artifacts: DrillArtifactResult[] }> {
    const payload = parseJson<DrillPayload | null>(execution.payload, null);
    if (!payload || !execution.source_id) throw new ValidationError('This drill execution has no artifacts or target');
    const target = await this.deps.restore.openTarget(execution.source_id);
    const artifacts = payload.newestOfJob ? await this.newestBackups(execution) : payload.artifacts;
    const results: DrillArtifactResult[] = [];
    for (const artifact of artifacts) {
      if (signal.aborted) break;
      results.push(await this.drillOne(execution.id, target, artifact, signal));
    }
    return { passed: results.length > 0 && results.every((r) => r.passed), artifacts: results };
  }

  /** The newest backup of each database on the first of the job's destinations that holds any (globals have nothing to compare). */
  private async newestBackups(execution: ExecutionRow): Promise<DrillArtifact[]> {
    const job = await this.deps.jobs.get(execution.job_id!);
    for (const destinationId of job.destinationIds) {
      const found = (await newestJobBackups(this.deps.catalog, job, destinationId)).filter((b) => b.kind === 'database');
      if (found.length > 0) {
        await this.deps.executions.log(execution.id, `Drilling the newest backup of ${found.length} database(s): ${found.map((b) => b.key).join(', ')}`);
        return found;
      }
    }
    throw new ValidationError(`Job "${job.name}" has no backups on its destinations to drill yet`);
  }

  private async drillOne(executionId: string, target: RestoreTarget, artifact: DrillArtifact, signal: AbortSignal): Promise<DrillArtifactResult> {
    const log = (message: string, level: 'info' | 'warn' | 'error' = 'info') => this.deps.executions.log(executionId, message, level);
    const { destination } = await this.deps.destinations.open(artifact.destinationId);
    try {
      const backup = await readBackup(destination, artifact.key, signal);
      const recordStaging = stagingRecorder(this.deps.executions.repo, executionId, false);
      const outcome = await drillArtifact({ destination, backup, target, decryption: await this.decryptionFor(backup.sidecar, {}), signal, log, recordStaging });
      return { destinationId: artifact.destinationId, ...outcome };
    } catch (error) {
      if (signal.aborted) throw error;
      await log(`Drill FAILED for ${artifact.key}: ${firstLine(error)}`, 'error');
      return { destinationId: artifact.destinationId, key: artifact.key, database: null, passed: false, mismatches: [], tablesCompared: 0, compared: 'nothing', restored: [], error: firstLine(error) };
    } finally {
      await destination.close();
    }
  }
}
