import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openAppDb, openSqlite } from '../../../src/db/database.js';
import { migrationProvider } from '../../../src/db/migrations/index.js';
import type { ExecutionRow } from '../../../src/db/repositories/executions.repo.js';
import { FakeClock } from '../../../src/lib/clock.js';
import { ConflictError } from '../../../src/lib/errors.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { DbQueue } from '../../../src/jobs/queue-local.js';
import { recoverInterrupted } from '../../../src/jobs/recovery.js';
import { ExecutionsService } from '../../../src/services/executions/executions.service.js';
import { DIALECTS, createTestAppDb } from '../../support/app-db.js';
import { createScratchPostgres } from '../../support/databases.js';
import { createTestApp } from '../../support/test-app.js';

type Db = Awaited<ReturnType<typeof createTestAppDb>>['db'];
type Filter = Partial<Record<'status' | 'jobId' | 'sourceId' | 'trigger' | 'type', string[]>>;

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
});

const JOBS = [randomUUID(), randomUUID(), randomUUID()];
const SOURCES = [randomUUID(), randomUUID()];
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'partial', 'cancelled'];

/** Rows with every combination pattern the facets see, including runs without a job or a source. */
function rows(count: number, queuedAt: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(), type: i % 5 === 0 ? 'restore' : 'backup', status: STATUSES[i % STATUSES.length]!, trigger: i % 3 ? 'schedule' : 'manual',
    job_id: i % 7 === 0 ? null : JOBS[i % JOBS.length]!, source_id: i % 11 === 0 ? null : SOURCES[i % SOURCES.length]!, attempt: 1,
    queued_at: queuedAt(i), started_at: null, finished_at: null, progress: null, result: null, error: null,
  }));
}

/** The facets computed the slow, obvious way from every row: what execution_counts must always agree with. */
async function expectedFacets(db: Db, filter: Filter) {
  const all = await db.selectFrom('executions').select(['status', 'job_id', 'source_id', 'trigger', 'type']).execute();
  const facet = (column: 'status' | 'job_id' | 'source_id' | 'trigger', key: keyof Filter) => {
    const counts = new Map<string | null, number>();
    for (const row of all) {
      const others = (Object.entries(filter) as [keyof Filter, string[]][]).filter(([k, v]) => k !== key && v.length > 0);
      if (!others.every(([k, v]) => v.includes(row[({ status: 'status', jobId: 'job_id', sourceId: 'source_id', trigger: 'trigger', type: 'type' } as const)[k]] ?? ''))) continue;
      counts.set(row[column], (counts.get(row[column]) ?? 0) + 1);
    }
    return sorted([...counts].map(([value, count]) => ({ value, count })));
  };
  return { status: facet('status', 'status'), job: facet('job_id', 'jobId'), source: facet('source_id', 'sourceId'), trigger: facet('trigger', 'trigger') };
}

const sorted = (list: { value: string | null; count: number }[]) => [...list].sort((a, b) => String(a.value).localeCompare(String(b.value)));
const FILTERS: Filter[] = [{}, { status: ['failed'] }, { jobId: [JOBS[1]!], status: ['succeeded', 'queued'] }, { sourceId: [SOURCES[0]!], trigger: ['manual'] }, { type: ['restore'] }];

async function expectFacetsExact(executions: ExecutionsService, db: Db): Promise<void> {
  for (const filter of FILTERS) {
    const facets = await executions.facets({ ...filter, limit: 1 });
    const got = { status: sorted(facets.status), job: sorted(facets.job), source: sorted(facets.source), trigger: sorted(facets.trigger) };
    expect(got, JSON.stringify(filter)).toEqual(await expectedFacets(db, filter));
  }
}

describe.each(DIALECTS)('execution history on %s', (dialect) => {
  it('keeps the counts per filter option exact through inserts, queue runs, retries, cancels, recovery and deletes', async () => {
    const appDb = await createTestAppDb(dialect);
    disposers.push(() => appDb.dispose());
    const clock = new FakeClock('2026-05-01T10:00:00Z');
    const executions = new ExecutionsService(appDb.db, clock);
    await appDb.db.insertInto('executions').values(rows(300, (i) => new Date(Date.parse('2026-04-01T00:00:00Z') + i * 60_000).toISOString())).execute();
    await expectFacetsExact(executions, appDb.db);

    // The real queue: queued -> running -> succeeded / failed, and a failed first attempt back to queued.
    let calls = 0;
    const queue = new DbQueue({
      db: appDb.db, dialect, executions, maxConcurrentJobs: async () => 3, clock, logger: silentLogger, workerId: 'w1', pollMs: 60_000,
      handler: async (execution: ExecutionRow) => (++calls % 3 === 0 ? { status: 'failed', result: null, error: `run ${execution.id} broke` } : { status: 'succeeded', result: null, error: null }),
    });
    disposers.push(() => queue.stop());
    for (let i = 0; i < 12; i++) await executions.enqueue({ type: 'backup', trigger: 'manual', jobId: randomUUID(), sourceId: SOURCES[i % 2]!, maxAttempts: 2 });
    // A second enqueue of the same schedule tick inserts nothing and counts nothing.
    const tick = { type: 'backup', trigger: 'schedule', jobId: JOBS[0]!, sourceId: SOURCES[0]!, scheduledFor: '2026-05-01T10:00:00.000Z' } as const;
    expect(await executions.enqueue(tick)).not.toBeNull();
    expect(await executions.enqueue(tick)).toBeNull();
    await queue.start();
    await queue.idle();
    await queue.stop();
    await expectFacetsExact(executions, appDb.db);

    const queued = await appDb.db.selectFrom('executions').select('id').where('status', '=', 'queued').limit(5).execute();
    for (const { id } of queued) await executions.cancel(id);
    clock.advance(3_600_000);
    expect(await recoverInterrupted({ executions, clock, logger: silentLogger })).toBeGreaterThan(0);
    await appDb.db.updateTable('executions').set({ status: 'failed' }).where('status', '=', 'running').execute();
    await appDb.db.deleteFrom('executions').where('trigger', '=', 'manual').where('type', '=', 'restore').execute();
    await expectFacetsExact(executions, appDb.db);
  });

  it('keeps the counts exact when many status changes run at once on separate connections', async () => {
    const appDb = await createTestAppDb(dialect);
    disposers.push(() => appDb.dispose());
    const clock = new FakeClock('2026-05-01T10:00:00Z');
    const executions = new ExecutionsService(appDb.db, clock);
    // Queued and running runs sharing a few keys, so changes go both ways between the same count rows at once.
    const seeded = rows(400, () => '2026-04-01T00:00:00.000Z').map((row, i) => ({ ...row, status: i % 4 === 3 ? row.status : i % 2 ? 'running' : 'queued', max_attempts: i % 3 ? 1 : 2 }));
    await appDb.db.insertInto('executions').values(seeded).execute();

    // The app changes runs one row per statement. Two concurrent bulk UPDATEs over overlapping rows can deadlock on
    // PostgreSQL's row locks with or without the count triggers (each locks rows in its own scan order), so none here.
    // The app's own writers, each on its own pooled connection: two queue workers claiming and finishing runs,
    // two workers recovering runs whose lease expired, cancels, and schedulers enqueueing the same tick twice.
    let runs = 0;
    const workers = ['w1', 'w2'].map((workerId) => new DbQueue({
      db: appDb.db, dialect, executions, maxConcurrentJobs: async () => 1000, clock, logger: silentLogger, workerId, pollMs: 60_000,
      handler: async () => (++runs % 4 === 0 ? { status: 'failed', result: null, error: 'broke' } : { status: 'succeeded', result: null, error: null }),
    }));
    for (const worker of workers) disposers.push(() => worker.stop());
    const cancelled = (id: string) => executions.cancel(id).catch((error: unknown) => { if (!(error instanceof ConflictError)) throw error; });
    const ticks = Array.from({ length: 20 }, (_, i) => ({ type: 'backup', trigger: 'schedule', jobId: JOBS[i % JOBS.length]!, sourceId: SOURCES[0]!, scheduledFor: `2026-05-01T10:${String(i).padStart(2, '0')}:00.000Z` }) as const);
    await Promise.all([
      ...workers.map((worker) => worker.start()),
      ...[0, 1].map(() => recoverInterrupted({ executions, clock, logger: silentLogger, leaseMs: 60_000 })),
      ...seeded.filter((row, i) => row.status === 'queued' && i % 3 === 0).map((row) => cancelled(row.id)),
      ...seeded.filter((row, i) => row.status === 'running' && i % 5 === 0).map((row) => cancelled(row.id)),
      ...[...ticks, ...ticks].map((tick) => executions.enqueue(tick)),
    ]);
    for (const worker of workers) worker.wake();
    await Promise.all(workers.map((worker) => worker.idle()));

    // Not vacuous: every kind of change happened.
    const now = new Map((await appDb.db.selectFrom('executions').select(['id', 'status']).execute()).map((r) => [r.id, r.status]));
    const moves = new Set(seeded.filter((row) => now.get(row.id) !== row.status).map((row) => `${row.status}>${now.get(row.id)}`));
    for (const move of ['queued>cancelled', 'queued>succeeded', 'queued>failed', 'running>succeeded', 'running>failed']) expect(moves).toContain(move);
    expect(now.size).toBe(seeded.length + ticks.length);
    await expectFacetsExact(executions, appDb.db);
  });

  it('pages through runs queued at the same instant without skipping or repeating any', async () => {
    const t = await createTestApp(dialect);
    disposers.push(() => t.dispose());
    await t.runtime.appDb.db.insertInto('executions').values(rows(120, () => '2026-04-01T00:00:00.000Z')).execute();
    const seen: string[] = [];
    let query = 'limit=50';
    for (;;) {
      const page = await t.call('GET', `/api/v1/executions?${query}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: { id: string }) => e.id));
      if (!page.body.nextBefore) break;
      query = `limit=50&before=${encodeURIComponent(page.body.nextBefore)}&beforeId=${page.body.nextBeforeId}`;
    }
    expect(seen).toHaveLength(120);
    expect(seen).toEqual([...seen].sort().reverse());
  });
});

describe.each(DIALECTS)('execution counts migration on %s', (dialect) => {
  it('counts the history already written before it', async () => {
    const app = await unmigrated(dialect);
    const provider = migrationProvider(dialect);
    const names = Object.keys(await provider.getMigrations());
    const previous = names[names.findIndex((n) => n.endsWith('-execution-history-counts')) - 1]!;
    expect((await new Migrator({ db: app.db, provider }).migrateTo(previous)).error).toBeUndefined();
    await app.db.insertInto('executions').values(rows(200, (i) => new Date(Date.parse('2026-04-01T00:00:00Z') + i * 1000).toISOString())).execute();
    await migrate(app);
    await expectFacetsExact(new ExecutionsService(app.db, new FakeClock('2026-05-01T10:00:00Z')), app.db);
  });
});

/** An empty app database of the dialect, removed after the test. */
async function unmigrated(dialect: (typeof DIALECTS)[number]) {
  if (dialect === 'postgres') {
    const scratch = await createScratchPostgres();
    const app = openAppDb({ databaseUrl: scratch.url, dataDir: tmpdir() });
    disposers.push(async () => { await app.close(); await scratch.drop(); });
    return app;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-counts-'));
  const app = openSqlite(path.join(dir, 'lifeboat.db'));
  disposers.push(async () => { await app.close(); rmSync(dir, { recursive: true, force: true }); });
  return app;
}
