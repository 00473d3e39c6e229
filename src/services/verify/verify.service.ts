import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import type { AppDatabase } from '../../db/schema.js';
import { VerificationsRepo, type VerificationRecord } from '../../db/repositories/verifications/verifications.repo.js';
import type { ExecutionTrigger } from '../../domain/job.js';
import type { Clock } from '../../lib/clock.js';
import { ValidationError } from '../../lib/errors.js';
import { progressReporter } from '../../jobs/handlers/progress-reporter.js';
import type { DestinationsService } from '../destinations.service.js';
import type { ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionView } from '../executions/execution-view.js';
import { readBackup } from '../restore/artifact.js';
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
}

interface VerifyPayload {
  destinationId: string;
  key: string;
  withKey: boolean;
}

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
    const payload: VerifyPayload = { destinationId: input.destinationId, key, withKey: Boolean(input.decryption) };
    const execution = (await this.deps.executions.enqueue({ type: 'verify', trigger, payload, maxAttempts: 1 }))!;
    if (input.decryption) this.secrets.put(execution.id, input.decryption);
    this.deps.wakeQueue();
    return execution;
  }

  async run(execution: ExecutionRow, signal: AbortSignal): Promise<VerifyResult & { key: string }> {
    const payload = parseJson<VerifyPayload | null>(execution.payload, null);
    if (!payload) throw new ValidationError('This verify execution has no request');
    const decryption = this.secrets.take(execution.id);
    if (payload.withKey && !decryption) throw new ValidationError('The key given for this verification is gone (Lifeboat restarted): start it again');
    const { destination, view } = await this.deps.destinations.open(payload.destinationId);
    try {
      const backup = await readBackup(destination, payload.key, signal);
      const decrypt = await this.decryptionFor(backup.sidecar, { decryption });
      await this.deps.executions.log(execution.id, `Verifying ${backup.key} on ${view.name}${decrypt ? ' with its key' : ''}`);
      const progress = progressReporter(this.deps.executions, execution.id, this.deps.clock, backup.sidecar.artifact.size);
      const result = await verifyArtifact({ destination, sidecarKey: backup.sidecarKey, sidecar: backup.sidecar, decrypt: decrypt?.transform, signal, onProgress: progress.update });
      await progress.flush();
      await this.record({ destinationId: payload.destinationId, key: backup.key, backupId: backup.sidecar.backupId, executionId: execution.id }, result);
      await this.deps.executions.log(execution.id, result.status === 'passed' ? 'Verification passed' : `Verification failed: ${result.error}`, result.status === 'passed' ? 'info' : 'error');
      return { ...result, key: backup.key };
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
