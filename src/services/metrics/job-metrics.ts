import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import type { AppDatabase } from '../../db/schema.js';
import { parseJson, toNumber } from '../../db/dialect.js';

interface LastBackup {
  job: string;
  finishedAt: number;
  size: number;
  durationSeconds: number | null;
}

/**
 * Per-job backup health for alerting ("no successful backup for 26 h"), read from the app database at
 * scrape time so every worker's runs count: last success time, size and duration, queue depth.
 */
export function registerJobMetrics(registry: Registry, db: Kysely<AppDatabase>): void {
  const perJob = (name: string, help: string, value: (b: LastBackup) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const backup of await lastBackups(db)) {
          const v = value(backup);
          if (v !== null) this.set({ job: backup.job }, v);
        }
      },
    });
  perJob('lifeboat_job_last_success_timestamp_seconds', 'When the last successful backup of a job finished', (b) => b.finishedAt / 1000);
  perJob('lifeboat_job_last_backup_size_bytes', 'Bytes stored by the last successful backup of a job', (b) => b.size);
  perJob('lifeboat_job_last_backup_duration_seconds', 'Duration of the last successful backup of a job', (b) => b.durationSeconds);
  new Gauge({
    name: 'lifeboat_queue_depth',
    help: 'Executions waiting in the queue, and running',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ status: 'queued' }, 0);
      this.set({ status: 'running' }, 0);
      const rows = await db.selectFrom('executions').select(['status', (eb) => eb.fn.countAll<string | number>().as('n')]).where('status', 'in', ['queued', 'running']).groupBy('status').execute();
      for (const row of rows) this.set({ status: row.status }, toNumber(row.n));
    },
  });
}

/** The last successful backup of each job (one indexed lookup per job). */
async function lastBackups(db: Kysely<AppDatabase>): Promise<LastBackup[]> {
  const latest = await db
    .selectFrom('executions')
    .innerJoin('jobs', 'jobs.id', 'executions.job_id')
    .select(['jobs.id as jobId', 'jobs.name as job', (eb) => eb.fn.max('executions.finished_at').as('at')])
    .where('executions.type', '=', 'backup')
    .where('executions.status', '=', 'succeeded')
    .groupBy(['jobs.id', 'jobs.name'])
    .execute();
  const out: LastBackup[] = [];
  for (const row of latest) {
    if (!row.at) continue;
    const execution = await db.selectFrom('executions').select(['started_at', 'result']).where('job_id', '=', row.jobId).where('finished_at', '=', row.at).executeTakeFirst();
    const finishedAt = Date.parse(row.at);
    out.push({
      job: row.job,
      finishedAt,
      size: parseJson<{ totalSize?: number }>(execution?.result, {}).totalSize ?? 0,
      durationSeconds: execution?.started_at ? (finishedAt - Date.parse(execution.started_at)) / 1000 : null,
    });
  }
  return out;
}
