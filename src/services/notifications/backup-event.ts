import type { BackupFailedEvent, BackupPartialEvent, BackupSucceededEvent, TargetFailure } from '../../domain/notification-events.js';
import { firstLine } from '../../lib/errors.js';

/** What a backup run produced, as the backup handler reports it (the parts a message needs). */
export interface BackupRunFacts {
  executionId: string;
  job: { id: string; name: string; databases: string[] };
  status: 'succeeded' | 'partial' | 'failed' | 'cancelled';
  /** The handler's result: `{ artifacts, totalSize }`; may be null when the run failed early. */
  result: unknown;
  error: string | null;
  /** This execution will run again (a failed attempt with retries left): people hear about the last one only. */
  willRetry: boolean;
  startedAt: string | null;
  sourceName: string;
  destinationNames: string[];
  now: Date;
}

interface ArtifactFacts {
  status: 'succeeded' | 'partial' | 'failed';
  database: string | null;
  error?: string;
  destinations?: { name: string; ok: boolean; error?: string }[];
}

type BackupEvent = BackupSucceededEvent | BackupPartialEvent | BackupFailedEvent;

function artifactsOf(result: unknown): { artifacts: ArtifactFacts[]; totalSize?: number } {
  const value = (result ?? {}) as { artifacts?: ArtifactFacts[]; totalSize?: number };
  return { artifacts: Array.isArray(value.artifacts) ? value.artifacts : [], totalSize: typeof value.totalSize === 'number' ? value.totalSize : undefined };
}

/** Each database that failed outright, and each destination that failed inside a partial artifact. */
function failuresOf(artifacts: ArtifactFacts[]): TargetFailure[] {
  return artifacts.flatMap((a): TargetFailure[] => {
    const database = a.database ?? undefined;
    if (a.status === 'failed') return [{ database, error: firstLine(a.error ?? 'failed') }];
    if (a.status !== 'partial') return [];
    const bad = (a.destinations ?? []).filter((d) => !d.ok);
    return bad.length ? bad.map((d) => ({ database, destination: d.name, error: firstLine(d.error ?? a.error ?? 'failed') })) : [{ database, error: firstLine(a.error ?? 'failed') }];
  });
}

/**
 * The event for one finished backup run, or undefined when there is nothing to tell: a cancelled run
 * (someone chose to stop it) or a failed attempt the queue is about to retry.
 */
export function backupEvent(facts: BackupRunFacts): BackupEvent | undefined {
  if (facts.status === 'cancelled' || (facts.status === 'failed' && facts.willRetry)) return undefined;
  const { artifacts, totalSize } = artifactsOf(facts.result);
  const stored = artifacts.map((a) => a.database).filter((d): d is string => Boolean(d));
  const common = {
    occurredAt: facts.now.toISOString(),
    executionId: facts.executionId,
    job: { id: facts.job.id, name: facts.job.name },
    source: facts.sourceName,
    databases: stored.length ? stored : facts.job.databases,
    destinations: facts.destinationNames,
    ...(facts.startedAt ? { durationMs: Math.max(0, facts.now.getTime() - Date.parse(facts.startedAt)) } : {}),
    ...(totalSize !== undefined && facts.status !== 'failed' ? { sizeBytes: totalSize } : {}),
  };
  const error = firstLine(facts.error ?? 'unknown error');
  if (facts.status === 'succeeded') return { type: 'backup.succeeded', ...common };
  if (facts.status === 'partial') return { type: 'backup.partial', ...common, error, failures: failuresOf(artifacts) };
  return { type: 'backup.failed', ...common, error };
}
