import { isEmptyPolicy, retentionPolicySchema, type RetentionPolicy } from '../../domain/retention.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine, ValidationError } from '../../lib/errors.js';
import { humanBytes } from '../../lib/format.js';
import type { JobView } from '../jobs/jobs.service.js';
import type { DestinationOpener, StorageExplorerService } from '../storage/storage-explorer.service.js';
import { applyPlan } from './apply-plan.js';
import { planSeries, type SeriesPlan } from './retention-series.js';

export interface RetentionDeps {
  jobs: { get(id: string): Promise<JobView> };
  destinations: DestinationOpener;
  explorer: StorageExplorerService;
  clock: Clock;
}

/** What one retention run did across the job's destinations (`destinations`: names where it deleted something). */
export interface RetentionTotals {
  deleted: number;
  failed: number;
  freedBytes: number;
  destinations: string[];
}

export type Log = (message: string, level?: 'info' | 'warn' | 'error') => Promise<void>;

export interface DestinationPreview {
  destinationId: string;
  destinationName: string;
  plan: SeriesPlan | null;
  error: string | null;
}

/**
 * Retention of a job: per destination, the job's backups as storage lists them (sidecar job id), planned
 * in the job's time zone with the locks of the app database. Preview and run share the same plan.
 */
export class RetentionService {
  constructor(private readonly deps: RetentionDeps) {}

  /** What the policy (the job's, or one about to be saved) would keep and delete now. Deletes nothing. */
  async preview(jobId: string, policyInput?: unknown): Promise<{ policy: RetentionPolicy; timeZone: string; destinations: DestinationPreview[] }> {
    const job = await this.deps.jobs.get(jobId);
    const policy = policyInput === undefined ? job.retention : parsePolicy(policyInput);
    const timeZone = timeZoneOf(job);
    const destinations = await Promise.all(job.destinationIds.map(async (id) => {
      const name = await this.deps.destinations.get(id).then((d) => d.name, () => id);
      try {
        const catalog = await this.deps.explorer.catalog(id);
        return { destinationId: id, destinationName: name, plan: this.plan(job, catalog.backups, policy), error: null };
      } catch (error) {
        return { destinationId: id, destinationName: name, plan: null, error: firstLine(error) };
      }
    }));
    return { policy, timeZone, destinations };
  }

  /** Applies the job's policy on each of its destinations; logs what it removed. Never throws. */
  async run(job: JobView, log: Log): Promise<RetentionTotals> {
    const totals: RetentionTotals = { deleted: 0, failed: 0, freedBytes: 0, destinations: [] };
    if (isEmptyPolicy(job.retention)) return totals;
    for (const id of job.destinationIds) {
      try {
        const done = await this.runOn(job, id, log);
        totals.deleted += done.deleted;
        totals.failed += done.failed;
        totals.freedBytes += done.freedBytes;
        if (done.deleted > 0) totals.destinations.push(done.destination);
      } catch (error) {
        totals.failed += 1;
        await log(`Retention on destination ${id} failed: ${firstLine(error)}`, 'warn');
      }
    }
    return totals;
  }

  private async runOn(job: JobView, destinationId: string, log: Log): Promise<{ deleted: number; failed: number; freedBytes: number; destination: string }> {
    const { destination, view } = await this.deps.destinations.open(destinationId);
    try {
      const catalog = await this.deps.explorer.scan(destination, destinationId);
      const mine = catalog.backups.filter((b) => b.job?.id === job.id);
      const plan = this.plan(job, mine, job.retention);
      if (plan.delete.length === 0) {
        await log(`Retention on ${view.name}: nothing to delete (${plan.summary.kept} kept)`);
        return { deleted: 0, failed: 0, freedBytes: 0, destination: view.name };
      }
      await log(`Retention on ${view.name}: deleting ${plan.delete.length} backup(s), ${humanBytes(plan.summary.freedBytes)}; keeping ${plan.summary.kept}`);
      // Locks are re-read just before deleting, so a lock set during planning still wins.
      const locked = new Set((await this.deps.explorer.locks.all(destinationId)).keys());
      const applied = await applyPlan(destination, mine, plan, locked, async (backup) => {
        await this.deps.explorer.cache.remove(destinationId, [backup.sidecarKey]);
        await log(`Retention deleted ${backup.key} (${backup.startedAt})`);
      });
      for (const failure of applied.failed) await log(`Retention could not delete ${failure.key}: ${failure.error}`, 'warn');
      const freedBytes = applied.deleted.reduce((sum, backup) => sum + backup.storedSize, 0);
      return { deleted: applied.deleted.length, failed: applied.failed.length, freedBytes, destination: view.name };
    } finally {
      await destination.close().catch(() => undefined);
    }
  }

  private plan(job: JobView, backups: Parameters<typeof planSeries>[0], policy: RetentionPolicy): SeriesPlan {
    return planSeries(backups.filter((b) => b.job?.id === job.id), policy, { now: this.deps.clock.now(), timeZone: timeZoneOf(job) });
  }
}

function timeZoneOf(job: JobView): string {
  return job.schedule?.timeZone ?? 'UTC';
}

function parsePolicy(input: unknown): RetentionPolicy {
  const parsed = retentionPolicySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new ValidationError(`Invalid retention policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}
