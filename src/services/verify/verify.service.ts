import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import type { AppDatabase } from '../../db/schema.js';
import { VerificationsRepo, type VerificationRecord } from '../../db/repositories/verifications/verifications.repo.js';
import type { ExecutionTrigger } from '../../domain/job.js';
import type { Clock } from '../../lib/clock.js';
import { CancelledError, firstLine, ValidationError } from '../../lib/errors.js';
import { progressReporter } from '../../jobs/handlers/progress-reporter.js';
import type { DestinationsService } from '../destinations.service.js';
import type { EnqueueRequest, ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionView } from '../executions/execution-view.js';
import type { JobsService, JobView } from '../jobs/jobs.service.js';
import { readBackup } from '../restore/artifact.js';
import { newestJobBackups, type CatalogReader, type JobBackup } from '../restore/job-backups.js';
import { oneOffDecryptionFor, type DecryptionFor, type OneOffDecryption } from '../restore/decryption.js';
import { SecretStore } from '../restore/secret-store.js';
import { verifyArtifact, type VerifyResult } from './verify-artifact.js';

export interface VerifyServiceDeps {
  db: Kysely<AppDatabase>;
  destinations: DestinationsService;
  executions: ExecutionsService;
  clock: Clock;
  wakeQueue: () => void;
  decryptionFor?: DecryptionFor;
  jobs: Pick<JobsService, 'get'>;
  /** Finds a job's newest backups on storage, for scheduled verifications. */
  catalog: CatalogReader;
}

interface OneBackupPayload {
  destinationId: string;
  key: string;
  withKey: boolean;
}

/** The newest backup of each of the job's databases on every one of its destinations, looked up when it runs. */
interface NewestOfJobPayload {
  newestOfJob: true;
}

type VerifyPayload = OneBackupPayload | NewestOfJobPayload;

export type VerifiedBackup = VerifyResult & { destinationId: string; key: string };

/** What a verify execution found: one backup (its result also at the top level), or (scheduled) the newest backups of a job. */
export interface VerifyRunResult extends Partial<VerifiedBackup> {
  status: VerifyResult['status'];
  error: string | null;
  backups: VerifiedBackup[];
}

/** A verification of the job's newest backups; with `at`, the one its verification schedule queues for that tick. */
export function newestOfJobVerification(job: JobView, trigger: ExecutionTrigger, at: string | null = null): EnqueueRequest {
  const payload: NewestOfJobPayload = { newestOfJob: true };
  return { type: 'verify', trigger, jobId: job.id, sourceId: job.sourceId, scheduledFor: at, payload, maxAttempts: 1 };
}

export const scheduledVerification = (job: JobView, at: string) => newestOfJobVerification(job, 'schedule', at);

/** Re-reads backups from storage and records the result per backup, as executions of type 'verify'. */
export class VerifyService {
  readonly repo: VerificationsRepo;
  private readonly secrets = new SecretStore<OneOffDecryption>();
  private readonly decryptionFor: DecryptionFor;

  constructor(private readonly deps: VerifyServiceDeps) {
    this.repo = new VerificationsRepo(deps.db);
    this.decryptionFor = deps.decryptionFor ?? oneOffDecryptionFor;
  }

  async start(input: { destinationId: string; key: string; decryption?: OneOffDecryption }, trigger: ExecutionTrigger): Promise<ExecutionView> {
    const { destination } = await this.deps.destinations.open(input.destinationId);
    let key: string;
    try {
      key = (await readBackup(destination, input.key)).key;
    } finally {
      await destination.close();
    }
    const payload: OneBackupPayload = { destinationId: input.destinationId, key, withKey: Boolean(input.decryption) };
    const execution = (await this.deps.executions.enqueue({ type: 'verify', trigger, payload, maxAttempts: 1 }))!;
    if (input.decryption) this.secrets.put(execution.id, input.decryption);
    this.deps.wakeQueue();
    return execution;
  }

  /** Queues a verification of the newest backup of each of the job's databases on every one of its destinations. */
  async startNewest(jobId: string, trigger: ExecutionTrigger): Promise<ExecutionView> {
    const execution = (await this.deps.executions.enqueue(newestOfJobVerification(await this.deps.jobs.get(jobId), trigger)))!;
    this.deps.wakeQueue();
    return execution;
  }

  async run(execution: ExecutionRow, signal: AbortSignal): Promise<VerifyRunResult> {
    const payload = parseJson<VerifyPayload | null>(execution.payload, null);
    if (!payload) throw new ValidationError('This verify execution has no request');
    if ('newestOfJob' in payload) return this.runNewest(execution, signal);
    const decryption = this.secrets.take(execution.id);
    if (payload.withKey && !decryption) throw new ValidationError('The key given for this verification is gone (Lifeboat restarted): start it again');
    const verified = await this.verifyOne(execution.id, payload, decryption, signal);
    return { ...verified, backups: [verified] };
  }

  /** Verifies the newest backups of the execution's job on each of its destinations; a destination without any fails. */
  private async runNewest(execution: ExecutionRow, signal: AbortSignal): Promise<VerifyRunResult> {
    const job = await this.deps.jobs.get(execution.job_id!);
    const backups: VerifiedBackup[] = [];
    const problems: string[] = [];
    for (const destinationId of job.destinationIds) {
      // One unreachable destination or unreadable backup is reported; the others are still checked.
      const failed = async (what: string, error: unknown) => {
        if (signal.aborted) throw new CancelledError('Verification cancelled', { cause: error });
        problems.push(`${what}: ${firstLine(error)}`);
        await this.deps.executions.log(execution.id, `${what}: ${firstLine(error)}`, 'error');
      };
      const name = (await this.deps.destinations.get(destinationId)).name;
      let newest: JobBackup[];
      try {
        newest = await newestJobBackups(this.deps.catalog, job, destinationId);
      } catch (error) {
        await failed(name, error);
        continue;
      }
      if (newest.length === 0) problems.push(`${name}: no backups of this job`);
      for (const backup of newest) {
        const verified = await this.verifyOne(execution.id, backup, undefined, signal).catch((error: unknown) => failed(backup.key, error));
        if (!verified) continue;
        backups.push(verified);
        if (verified.error) problems.push(`${backup.key}: ${verified.error}`);
      }
    }
    await this.deps.executions.log(execution.id, `${backups.filter((b) => b.status === 'passed').length} of ${backups.length} backup(s) passed`, problems.length ? 'error' : 'info');
    return { status: problems.length ? 'failed' : 'passed', error: problems.length ? problems.join('; ') : null, backups };
  }

  /** Re-reads one backup, records the result for it and logs it on the execution. */
  private async verifyOne(executionId: string, about: { destinationId: string; key: string }, decryption: OneOffDecryption | undefined, signal: AbortSignal): Promise<VerifiedBackup> {
    const { destination, view } = await this.deps.destinations.open(about.destinationId);
    try {
      const backup = await readBackup(destination, about.key, signal);
      const decrypt = await this.decryptionFor(backup.sidecar, { decryption });
      await this.deps.executions.log(executionId, `Verifying ${backup.key} on ${view.name}${decrypt ? ' with its key' : ''}`);
      const progress = progressReporter(this.deps.executions, executionId, this.deps.clock, backup.sidecar.artifact.size);
      const result = await verifyArtifact({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, decrypt: decrypt?.transform, signal, onProgress: progress.update });
      await progress.flush();
      await this.record({ destinationId: about.destinationId, key: backup.key, backupId: backup.sidecar.backupId, executionId }, result);
      await this.deps.executions.log(executionId, result.status === 'passed' ? `${backup.key}: verification passed` : `${backup.key}: verification failed: ${result.error}`, result.status === 'passed' ? 'info' : 'error');
      return { ...result, destinationId: about.destinationId, key: backup.key };
    } finally {
      await destination.close();
    }
  }

  async record(about: { destinationId: string; key: string; backupId: string | null; executionId: string | null }, result: VerifyResult): Promise<VerificationRecord> {
    const record: VerificationRecord = { id: randomUUID(), ...about, checkedAt: this.deps.clock.now().toISOString(), ...result };
    await this.repo.insert(record);
    return record;
  }
}
