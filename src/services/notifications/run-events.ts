import type { ExecutionRow } from '../../db/repositories/executions.repo.js';
import { parseJson } from '../../db/dialect.js';
import type { DrillFailedEvent, JobRef, RestoreFailedEvent, RestoreSucceededEvent, VerificationFailedEvent } from '../../domain/notification-events.js';
import type { HandlerOutcome } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { firstLine } from '../../lib/errors.js';
import { targetDatabase, type RestorePayload } from '../restore/restore-request.js';
import { nameOf } from './names.js';
import { storedBackups, type BackupOpener } from './stored-backups.js';
import type { EventFor } from './system-events.js';

type Named = { get(id: string): Promise<{ name: string }> };

export interface RunEventDeps {
  jobs: { get(id: string): Promise<JobRef & { sourceId: string }> };
  sources: Named;
  destinations: Named & BackupOpener;
  clock: Clock;
}

function timing(deps: RunEventDeps, execution: ExecutionRow) {
  const now = deps.clock.now();
  return {
    occurredAt: now.toISOString(),
    executionId: execution.id,
    ...(execution.started_at ? { durationMs: Math.max(0, now.getTime() - Date.parse(execution.started_at)) } : {}),
  };
}

function errorOf(outcome: HandlerOutcome): string {
  return firstLine(outcome.error ?? 'unknown error');
}

/** A finished restore, successful or not (a cancelled one was someone's choice: nothing to tell). */
export function restoreEventFor(deps: RunEventDeps): EventFor {
  return async (execution, outcome): Promise<RestoreSucceededEvent | RestoreFailedEvent | undefined> => {
    const payload = parseJson<RestorePayload | null>(execution.payload, null);
    if (!payload || (outcome.status !== 'succeeded' && outcome.status !== 'failed')) return undefined;
    const { name, sidecars } = await storedBackups(deps.destinations, payload.destinationId, payload.keys);
    const databases = payload.keys.map((key) => targetDatabase(payload, sidecars.get(key)?.database ?? null)).filter((d): d is string => d !== undefined);
    const job = [...sidecars.values()].find((sidecar) => sidecar.job)?.job;
    const facts = {
      ...timing(deps, execution),
      ...(job ? { job } : {}),
      source: await nameOf(deps.sources, payload.targetSourceId),
      databases,
      destinations: [name],
      backupId: payload.keys.join(', '),
      ...(databases.length === 1 ? { targetDatabase: databases[0] } : {}),
    };
    if (outcome.status === 'failed') return { type: 'restore.failed', ...facts, error: errorOf(outcome) };
    const size = (outcome.result as { totalSize?: unknown } | null)?.totalSize;
    return { type: 'restore.succeeded', ...facts, ...(typeof size === 'number' ? { sizeBytes: size } : {}) };
  };
}

interface VerifyFacts {
  /** One backup (from the storage explorer), or the newest backups of a job (scheduled). */
  payload: { destinationId?: string; key?: string } | null;
  result: { backups?: { destinationId: string; key: string; status: string }[] } | null;
}

/** A verification that failed: which stored backups may not restore. A passed one is not news. */
export function verifyEventFor(deps: RunEventDeps): EventFor {
  return async (execution, outcome): Promise<VerificationFailedEvent | undefined> => {
    const payload = parseJson<VerifyFacts['payload']>(execution.payload, null);
    if (!payload || outcome.status !== 'failed') return undefined;
    const checked = (outcome.result as VerifyFacts['result'])?.backups?.filter((b) => b.status !== 'passed');
    const failed = checked?.length ? checked : payload.destinationId && payload.key ? [{ destinationId: payload.destinationId, key: payload.key }] : [];
    const read = await Promise.all(failed.map(async (b) => ({ ...b, ...(await storedBackups(deps.destinations, b.destinationId, [b.key])) })));
    const sidecars = read.flatMap((r) => [...r.sidecars.values()]);
    const job = execution.job_id ? await deps.jobs.get(execution.job_id).catch(() => undefined) : undefined;
    const jobRef = job ? { id: job.id, name: job.name } : sidecars.find((sidecar) => sidecar.job)?.job;
    return {
      type: 'verification.failed',
      ...timing(deps, execution),
      ...(jobRef ? { job: jobRef } : {}),
      source: sidecars[0]?.source.name ?? (job ? await nameOf(deps.sources, job.sourceId) : 'unknown source'),
      databases: [...new Set(sidecars.map((sidecar) => sidecar.database).filter((d): d is string => d !== null))],
      destinations: [...new Set(read.map((r) => r.name))],
      backupId: failed.map((b) => b.key).join(', '),
      error: errorOf(outcome),
    };
  };
}

interface DrillFacts {
  payload: { artifacts: { destinationId: string; key: string }[] } | null;
  result: { artifacts?: { key: string; database: string | null; passed: boolean; destinationId?: string }[] } | null;
}

/** A restore drill that failed: which backups did not restore or did not match, of which job. */
export function drillEventFor(deps: RunEventDeps): EventFor {
  return async (execution, outcome): Promise<DrillFailedEvent | undefined> => {
    const payload = parseJson<DrillFacts['payload']>(execution.payload, null);
    if (!payload || outcome.status !== 'failed') return undefined;
    const drilled = (outcome.result as DrillFacts['result'])?.artifacts;
    const failed = drilled ? drilled.filter((a) => !a.passed) : payload.artifacts.map((a) => ({ ...a, database: null }));
    const job = execution.job_id ? await deps.jobs.get(execution.job_id).catch(() => undefined) : undefined;
    const sourceId = job?.sourceId ?? execution.source_id;
    // A scheduled drill of a job's newest backups finds them when it runs: its results name their destinations.
    const destinationOf = (key: string, named?: string) => named ?? payload.artifacts.find((a) => a.key === key)?.destinationId;
    const destinationIds = [...new Set(failed.map((f) => destinationOf(f.key, f.destinationId)).filter((id): id is string => id !== undefined))];
    return {
      type: 'drill.failed',
      ...timing(deps, execution),
      ...(job ? { job: { id: job.id, name: job.name } } : {}),
      source: sourceId ? await nameOf(deps.sources, sourceId) : 'unknown source',
      databases: failed.map((a) => a.database).filter((d): d is string => d !== null),
      destinations: await Promise.all(destinationIds.map((id) => nameOf(deps.destinations, id))),
      backupId: failed.map((a) => a.key).join(', '),
      error: errorOf(outcome),
    };
  };
}
