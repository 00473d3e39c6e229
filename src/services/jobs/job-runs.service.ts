import { once } from 'node:events';
import { FINISHED_STATUSES, type ExecutionTrigger } from '../../domain/job.js';
import { ValidationError } from '../../lib/errors.js';
import type { ExecutionsService } from '../executions/executions.service.js';
import type { ExecutionView } from '../executions/execution-view.js';
import type { JobsService } from './jobs.service.js';

/**
 * Starting jobs by hand, by API or from CI. A job runs at most once at a time: a trigger while one is
 * already queued returns that queued execution instead of stacking another (a trigger while one is
 * running queues the next run).
 */
export class JobRunsService {
  constructor(
    private readonly jobs: JobsService,
    private readonly executions: ExecutionsService,
    private readonly wakeQueue: () => void,
  ) {}

  async trigger(jobId: string, trigger: ExecutionTrigger): Promise<{ execution: ExecutionView; alreadyQueued: boolean }> {
    const job = await this.jobs.get(jobId);
    const queued = (await this.executions.repo.activeForJob(jobId)).find((e) => e.status === 'queued');
    if (queued) return { execution: await this.executions.get(queued.id), alreadyQueued: true };
    const execution = await this.executions.enqueue({
      type: 'backup', trigger, jobId, sourceId: job.sourceId, maxAttempts: job.options.maxAttempts,
      payload: { retryDelaySeconds: job.options.retryDelaySeconds },
    });
    this.wakeQueue();
    return { execution: execution!, alreadyQueued: false };
  }

  /** Every job of a source, e.g. for a CI step "back up this database before deploying". */
  async triggerSource(sourceId: string, trigger: ExecutionTrigger): Promise<ExecutionView[]> {
    const jobs = (await this.jobs.list()).filter((j) => j.sourceId === sourceId);
    if (jobs.length === 0) throw new ValidationError('No job backs up this source: create one first');
    const runs = [];
    for (const job of jobs) runs.push((await this.trigger(job.id, trigger)).execution);
    return runs;
  }

  /** Resolves with the execution once it finished (or as it is when the timeout or signal fires). */
  async waitFor(id: string, signal: AbortSignal): Promise<ExecutionView> {
    for (;;) {
      const execution = await this.executions.get(id);
      if ((FINISHED_STATUSES as string[]).includes(execution.status) || signal.aborted) return execution;
      // Changes made by another worker raise no local event: look again every few seconds regardless.
      await once(this.executions.events, 'change', { signal: AbortSignal.any([signal, AbortSignal.timeout(2000)]) }).catch(() => undefined);
    }
  }
}
