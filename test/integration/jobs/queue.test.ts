import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { DbQueue } from '../../../src/jobs/queue-local.js';
import type { ExecutionHandler, HandlerOutcome } from '../../../src/jobs/queue.js';
import { recoverInterrupted } from '../../../src/jobs/recovery.js';
import { ExecutionsService } from '../../../src/services/executions/executions.service.js';
import { DIALECTS, createTestAppDb } from '../../support/app-db.js';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
});

async function setup(dialect: (typeof DIALECTS)[number], handler: ExecutionHandler, limit = 4) {
  const appDb = await createTestAppDb(dialect);
  const clock = new FakeClock('2026-05-01T10:00:00Z');
  const executions = new ExecutionsService(appDb.db, clock);
  const queue = new DbQueue({ db: appDb.db, dialect, executions, handler, maxConcurrentJobs: async () => limit, clock, logger: silentLogger, workerId: 'test', pollMs: 60_000 });
  disposers.push(() => appDb.dispose(), () => queue.stop());
  return { appDb, clock, executions, queue };
}

/** Polls a condition until it holds (database round trips take a few turns), failing after a deadline. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('Condition not reached in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets a few event-loop turns pass (database round trips), without a timer. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe.each(DIALECTS)('queue on %s', (dialect) => {
  it('runs 50 jobs with never more than 4 at once, in FIFO order', async () => {
    const running = new Map<string, () => void>();
    let peak = 0;
    const started: string[] = [];
    const handler: ExecutionHandler = (execution) =>
      new Promise((resolve) => {
        started.push(execution.job_id!);
        running.set(execution.id, () => resolve({ status: 'succeeded', result: null, error: null }));
        peak = Math.max(peak, running.size);
      });
    const { executions, queue, clock } = await setup(dialect, handler);
    const order: string[] = [];
    for (let i = 0; i < 50; i++) {
      clock.advance(1000); // distinct queued_at: FIFO is by queue time
      const job = `job-${String(i).padStart(2, '0')}`;
      order.push(job);
      await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: job });
    }
    await queue.start();
    for (let remaining = 50; remaining > 0; ) {
      const batch = Math.min(4, remaining);
      await until(() => running.size === batch);
      await turns(); // a fifth claim would have had time to start here
      expect(running.size).toBe(batch);
      for (const [id, release] of running) {
        running.delete(id);
        release();
      }
      remaining -= batch;
    }
    await queue.idle();
    const all = await executions.list({ limit: 100 });
    expect(all.map((e) => e.status)).toEqual(Array(50).fill('succeeded'));
    expect(peak).toBe(4);
    expect(started).toEqual(order);
  });

  it("starts a job's backup before its verification and drill queued at the same instant", async () => {
    const started: string[] = [];
    const firstOfJob = new Map<string, string>();
    const { executions, queue } = await setup(dialect, async (execution) => {
      started.push(execution.type);
      if (!firstOfJob.has(execution.job_id!)) firstOfJob.set(execution.job_id!, execution.type);
      return { status: 'succeeded', result: null, error: null };
    });
    // Enqueued in the unlucky order, at one fake-clock instant, as many times as it takes random ids to disagree.
    for (let i = 0; i < 8; i++) {
      for (const type of ['verify', 'drill', 'backup'] as const) await executions.enqueue({ type, trigger: 'schedule', jobId: `job-${i}` });
    }
    await queue.start();
    await until(() => started.length === 24);
    await queue.idle();
    expect([...firstOfJob.values()]).toEqual(Array(8).fill('backup'));
  });

  it('runs one execution per job at a time', async () => {
    let running = 0;
    let overlap = false;
    const { executions, queue, clock } = await setup(dialect, async () => {
      running++;
      if (running > 1) overlap = true;
      await turns(5);
      running--;
      return { status: 'succeeded', result: null, error: null };
    });
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: 'same-job' });
    }
    await queue.start();
    await queue.idle();
    expect(overlap).toBe(false);
    expect((await executions.list({ limit: 10 })).every((e) => e.status === 'succeeded')).toBe(true);
  });

  it('retries a failed attempt after the backoff, on the injected clock', async () => {
    let calls = 0;
    const { executions, queue, clock } = await setup(dialect, async (): Promise<HandlerOutcome> => {
      calls++;
      return calls === 1 ? { status: 'failed', result: null, error: 'connection reset' } : { status: 'succeeded', result: { ok: true }, error: null };
    });
    const queued = await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: 'j', maxAttempts: 3, payload: { retryDelaySeconds: 30 } });
    await queue.start();
    await queue.idle();
    expect(await executions.get(queued!.id)).toMatchObject({ status: 'queued', attempt: 2 });
    clock.advance(29_000);
    queue.wake();
    await queue.idle();
    expect((await executions.get(queued!.id)).status).toBe('queued');
    clock.advance(2_000);
    queue.wake();
    await queue.idle();
    expect(await executions.get(queued!.id)).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect((await executions.logs(queued!.id)).map((l) => l.message)).toContain('Attempt 1 failed: connection reset. Retrying in 30 s');
  });

  it('cancels queued and running executions', async () => {
    let release: () => void = () => undefined;
    const { executions, queue, clock } = await setup(dialect, (_execution, signal) =>
      new Promise((resolve) => {
        release = () => resolve({ status: 'succeeded', result: null, error: null });
        signal.addEventListener('abort', () => resolve({ status: 'failed', result: null, error: 'aborted' }));
      }), 1);
    const first = await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: 'a' });
    clock.advance(1000);
    const second = await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: 'b' });
    await queue.start();
    await until(async () => (await executions.get(first!.id)).status === 'running');
    expect((await executions.cancel(second!.id)).status).toBe('cancelled');
    await executions.cancel(first!.id);
    await queue.idle();
    expect(await executions.get(first!.id)).toMatchObject({ status: 'cancelled', error: 'Cancelled while running' });
    release();
  });

  it('marks executions left running by a crashed process as failed at start-up', async () => {
    const { executions, appDb, clock } = await setup(dialect, async () => ({ status: 'succeeded', result: null, error: null }));
    const orphan = await executions.enqueue({ type: 'backup', trigger: 'schedule', jobId: 'x' });
    await appDb.db.updateTable('executions').set({ status: 'running', started_at: clock.now().toISOString() }).execute();
    expect(await recoverInterrupted({ executions, clock, logger: silentLogger })).toBe(1);
    expect(await executions.get(orphan!.id)).toMatchObject({ status: 'failed', error: 'Lifeboat stopped while this ran (crash or restart)' });
  });

  it('leaves alone a run whose lease expired but which was claimed again after recovery listed it', async () => {
    const { executions, appDb, clock } = await setup(dialect, async () => ({ status: 'succeeded', result: null, error: null }));
    const run = await executions.enqueue({ type: 'backup', trigger: 'schedule', jobId: 'x', maxAttempts: 3 });
    await appDb.db.updateTable('executions').set({ status: 'running', worker: 'dead', heartbeat_at: '2026-05-01T09:00:00.000Z' }).execute();
    const [listed] = await executions.repo.running();
    // Between recovery's list and its update, another recovery re-queued it and a live worker claimed it again.
    await appDb.db.updateTable('executions').set({ worker: 'alive', heartbeat_at: clock.now().toISOString(), attempt: 2 }).execute();
    expect(await executions.repo.takeOver(listed!, 'recovery:test', clock.now().toISOString())).toBe(false);
    expect(await executions.get(run!.id)).toMatchObject({ status: 'running', attempt: 2 });
    // Two recoveries at once over one really stale run: it is retried once.
    await appDb.db.updateTable('executions').set({ worker: 'dead', heartbeat_at: '2026-05-01T09:00:00.000Z' }).execute();
    const recovered = await Promise.all([1, 2].map(() => recoverInterrupted({ executions, clock, logger: silentLogger, leaseMs: 60_000 })));
    expect(recovered.reduce((a, b) => a + b)).toBe(1);
    expect(await executions.get(run!.id)).toMatchObject({ status: 'queued', attempt: 3 });
  });
});
