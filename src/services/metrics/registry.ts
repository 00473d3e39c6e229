import type { Kysely } from 'kysely';
import { Gauge, Registry } from 'prom-client';
import type { AppDatabase } from '../../db/schema.js';
import { toNumber } from '../../db/dialect.js';
import { registerJobMetrics } from './job-metrics.js';

export interface MetricsDeps {
  db: Kysely<AppDatabase>;
  version: string;
}

/**
 * One registry per server, served at /metrics. Gauges read the app database at scrape time, so every
 * worker's executions count. To add a metric, create it here with `registers: [registry]` (and a
 * `collect()` that reads the database), or pass the returned registry to whoever updates it.
 */
export function createMetricsRegistry(deps: MetricsDeps): Registry {
  const registry = new Registry();
  new Gauge({ name: 'lifeboat_info', help: 'Lifeboat version', labelNames: ['version'], registers: [registry] }).set({ version: deps.version }, 1);
  new Gauge({
    name: 'lifeboat_executions',
    help: 'Executions in the history, by type and status',
    labelNames: ['type', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await deps.db
        .selectFrom('executions')
        .select(['type', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
        .groupBy(['type', 'status'])
        .execute();
      for (const row of rows) this.set({ type: row.type, status: row.status }, toNumber(row.n));
    },
  });
  registerJobMetrics(registry, deps.db);
  return registry;
}
