import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import type { ExecutionTrigger } from '../../domain/job.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import { humanBytes } from '../../lib/format.js';
import type { DestinationsService } from '../destinations.service.js';
import type { ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionView } from '../executions/execution-view.js';
import type { SourcesService } from '../sources.service.js';
import { progressReporter } from '../../jobs/handlers/progress-reporter.js';
import { readBackup, type StoredBackup } from './artifact.js';
import { oneOffDecryptionFor, type DecryptionFor } from './decryption.js';
import { restoreRequestSchema, targetDatabase, toPayload, type RestorePayload, type RestoreSecrets } from './restore-request.js';
import { preflight, restoreArtifact, type RestoreTarget } from './restore-runner.js';
import { SecretStore } from './secret-store.js';
import { dropInterruptedStaging, stagingRecorder } from './staging-recovery.js';
import { listBackupTables, type BackupTable } from './selective/list-tables.js';
import type { OneOffDecryption } from './decryption.js';

export interface RestoreServiceDeps {
  sources: SourcesService;
  destinations: DestinationsService;
  executions: ExecutionsService;
  clock: Clock;
  wakeQueue: () => void;
  /** How to decrypt a backup; defaults to the keys given with the request. */
  decryptionFor?: DecryptionFor;
}

/**
 * Restores backups read from storage alone (a storage-explorer entry) into a source of the same engine family.
 * `start` checks what it can at once and queues an execution of type 'restore'; the queue calls `run`.
 */
export class RestoreService {
  private readonly secrets = new SecretStore<RestoreSecrets>();
  private readonly decryptionFor: DecryptionFor;

  constructor(private readonly deps: RestoreServiceDeps) {
    this.decryptionFor = deps.decryptionFor ?? oneOffDecryptionFor;
  }

  async start(input: unknown, trigger: ExecutionTrigger): Promise<ExecutionView> {
    const request = restoreRequestSchema.parse(input);
    if (request.keys.length > 1 && request.database !== undefined) {
      throw new ValidationError('Several artifacts go to several databases: use mapping instead of database', [{ path: 'database', message: 'use mapping' }]);
    }
    const target = await this.openTarget(request.targetSourceId);
    const { destination } = await this.deps.destinations.open(request.destinationId);
    try {
      for (const key of request.keys) {
        const backup = await readBackup(destination, key);
        await preflight({ backup, target, allowNewerDump: request.allowNewerDump, tables: request.tables, decryption: await this.decryptionFor(backup.sidecar, request), signal: AbortSignal.timeout(30_000) });
      }
    } finally {
      await destination.close();
    }
    const { payload, secrets } = toPayload(request);
    const execution = await this.deps.executions.enqueue({ type: 'restore', trigger, sourceId: request.targetSourceId, payload, maxAttempts: 1 });
    this.secrets.put(execution!.id, secrets);
    this.deps.wakeQueue();
    return execution!;
  }

  /** Runs a queued restore execution; throws with a clear message on failure. */
  async run(execution: ExecutionRow, signal: AbortSignal): Promise<Record<string, unknown>> {
    const payload = parseJson<RestorePayload | null>(execution.payload, null);
    if (!payload) throw new ValidationError('This restore execution has no request');
    const secrets = this.secrets.take(execution.id) ?? {};
    if ((payload.secrets.createWith && !secrets.createWith) || (payload.secrets.decryption && !secrets.decryption)) {
      throw new ValidationError('The one-off credentials or keys of this restore are gone (Lifeboat restarted, or another worker took it): start the restore again');
    }
    const log = (message: string, level: 'info' | 'warn' | 'error' = 'info') => this.deps.executions.log(execution.id, message, level);
    return this.restoreAll(payload, secrets, execution.id, signal, log).catch(async (error: unknown) => {
      await log(`Restore failed: ${firstLine(error)}. The target was left as it was (see docs/operations.md for each engine).`, 'error');
      throw error;
    });
  }

  private async restoreAll(payload: RestorePayload, secrets: RestoreSecrets, executionId: string, signal: AbortSignal, log: (message: string, level?: 'info' | 'warn' | 'error') => Promise<void>) {
    const target = await this.openTarget(payload.targetSourceId);
    const { destination, view } = await this.deps.destinations.open(payload.destinationId);
    try {
      const backups: StoredBackup[] = [];
      for (const key of payload.keys) backups.push(await readBackup(destination, key, signal));
      const total = backups.reduce((sum, b) => sum + b.sidecar.artifact.size, 0);
      const progress = progressReporter(this.deps.executions, executionId, this.deps.clock, total);
      const restored: { key: string; database: string | null }[] = [];
      const recordStaging = stagingRecorder(this.deps.executions.repo, executionId, Boolean(secrets.createWith));
      for (const backup of backups) {
        const database = targetDatabase(payload, backup.sidecar.database);
        progress.step(database ?? backup.key, restored.length ? backups[restored.length - 1]!.sidecar.artifact.size : 0);
        await log(`Restoring ${backup.key} (${humanBytes(backup.sidecar.artifact.size)}) from ${view.name} into ${target.name}${database ? `/${database}` : ''}`);
        await restoreArtifact({
          destination, backup, target, database, clean: payload.clean, tables: payload.tables, allowNewerDump: payload.allowNewerDump,
          admin: secrets.createWith, decryption: await this.decryptionFor(backup.sidecar, secrets), signal, log, onProgress: progress.update, recordStaging,
        });
        restored.push({ key: backup.key, database: database ?? null });
        await log(`Restored ${backup.key}`);
      }
      await progress.flush();
      return { restored, totalSize: total };
    } finally {
      await destination.close();
    }
  }

  /** The tables of a backup, read from the backup itself (for the restore wizard). */
  async listTables(destinationId: string, key: string, decryption: OneOffDecryption | undefined, signal: AbortSignal): Promise<{ key: string; engine: string; tables: BackupTable[] }> {
    const { destination } = await this.deps.destinations.open(destinationId);
    try {
      const backup = await readBackup(destination, key, signal);
      const decrypt = await this.decryptionFor(backup.sidecar, { decryption });
      if (backup.sidecar.encryption && !decrypt) throw new ValidationError('This backup is encrypted: give the identity or passphrase that can decrypt it');
      return { key: backup.key, engine: backup.sidecar.source.engine, tables: await listBackupTables(destination, backup, decrypt, signal) };
    } finally {
      await destination.close();
    }
  }

  /** Start-up recovery: drops the staging databases an interrupted restore recorded; says what it did or what is left. */
  async cleanUpInterrupted(execution: ExecutionRow): Promise<string | null> {
    return dropInterruptedStaging(execution, (sourceId) => this.openTarget(sourceId));
  }

  async openTarget(sourceId: string): Promise<RestoreTarget> {
    const { source, view, plugin } = await this.deps.sources.open(sourceId);
    const { config } = await this.deps.sources.fullConfig(sourceId);
    return { source, engine: plugin.engine, config, name: view.name };
  }
}
