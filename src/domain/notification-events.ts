/**
 * What Lifeboat tells people about. Events are plain JSON-safe data (ISO timestamps, numbers, strings) so they
 * can travel through the queue and be stored with a delivery attempt. Names (job, source, destinations) are the
 * ones at the time of the event: a job renamed or deleted later does not change what was sent.
 */

export const NOTIFICATION_EVENT_TYPES = [
  'backup.succeeded',
  'backup.partial',
  'backup.failed',
  'restore.succeeded',
  'restore.failed',
  'verification.failed',
  'drill.failed',
  'retention.removed',
  'destination.unreachable',
  'source.unreachable',
  'destination.usage_threshold',
  'job.missed_schedule',
] as const;

export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

/** How a channel colours or prioritises a message. */
export type NotificationSeverity = 'success' | 'info' | 'warning' | 'failure';

export interface JobRef {
  id: string;
  name: string;
}

/** The facts a message about one execution needs. */
export interface ExecutionFacts {
  executionId: string;
  /** Absent for a restore started from the storage explorer of a deleted job. */
  job?: JobRef;
  /** Source name. */
  source: string;
  databases: string[];
  /** Destination names. */
  destinations: string[];
  durationMs?: number;
  /** Stored bytes (after compression and encryption). */
  sizeBytes?: number;
}

/** One database/destination pair that failed inside an otherwise finished backup. */
export interface TargetFailure {
  database?: string;
  destination?: string;
  /** First line of the error. */
  error: string;
}

interface EventBase<T extends NotificationEventType> {
  type: T;
  /** ISO 8601. */
  occurredAt: string;
}

/** First line of the error, never a stack trace or a secret. */
interface Failed {
  error: string;
}

export type BackupSucceededEvent = EventBase<'backup.succeeded'> & ExecutionFacts & { job: JobRef };
/** Some databases or destinations failed, others were stored. */
export type BackupPartialEvent = EventBase<'backup.partial'> & ExecutionFacts & Failed & { job: JobRef; failures: TargetFailure[] };
export type BackupFailedEvent = EventBase<'backup.failed'> & ExecutionFacts & Failed & { job: JobRef };
export type RestoreSucceededEvent = EventBase<'restore.succeeded'> & ExecutionFacts & { backupId: string; targetDatabase?: string };
export type RestoreFailedEvent = EventBase<'restore.failed'> & ExecutionFacts & Failed & { backupId: string; targetDatabase?: string };
export type VerificationFailedEvent = EventBase<'verification.failed'> & ExecutionFacts & Failed & { backupId: string };
/** A restore drill (restore into a scratch database and compare) did not match or did not finish. */
export type DrillFailedEvent = EventBase<'drill.failed'> & ExecutionFacts & Failed & { backupId: string };

export type RetentionRemovedEvent = EventBase<'retention.removed'> & {
  executionId: string;
  job?: JobRef;
  destinations: string[];
  removedCount: number;
  freedBytes?: number;
};

export type DestinationUnreachableEvent = EventBase<'destination.unreachable'> & Failed & { destination: string };
export type SourceUnreachableEvent = EventBase<'source.unreachable'> & Failed & { source: string };

export type DestinationUsageThresholdEvent = EventBase<'destination.usage_threshold'> & {
  destination: string;
  usedBytes: number;
  thresholdBytes: number;
  /** Known for destinations with a quota. */
  capacityBytes?: number;
};

export type JobMissedScheduleEvent = EventBase<'job.missed_schedule'> & {
  job: JobRef;
  /** ISO 8601: the tick that did not run. */
  scheduledFor: string;
  /** Why, when known (e.g. "the previous run was still going", "the server was down"). */
  reason?: string;
};

/** Events about one backup, restore, verification or drill execution: they carry the full ExecutionFacts. */
export type ExecutionEvent =
  | BackupSucceededEvent
  | BackupPartialEvent
  | BackupFailedEvent
  | RestoreSucceededEvent
  | RestoreFailedEvent
  | VerificationFailedEvent
  | DrillFailedEvent;

/** Events about storage, sources and the schedule rather than one execution's data. */
export type OtherEvent =
  | RetentionRemovedEvent
  | DestinationUnreachableEvent
  | SourceUnreachableEvent
  | DestinationUsageThresholdEvent
  | JobMissedScheduleEvent;

export type NotificationEvent = ExecutionEvent | OtherEvent;

const EXECUTION_TYPES: ReadonlySet<NotificationEventType> = new Set<ExecutionEvent['type']>([
  'backup.succeeded', 'backup.partial', 'backup.failed', 'restore.succeeded', 'restore.failed', 'verification.failed', 'drill.failed',
]);

export function isExecutionEvent(event: NotificationEvent): event is ExecutionEvent {
  return EXECUTION_TYPES.has(event.type);
}

const SEVERITY: Record<NotificationEventType, NotificationSeverity> = {
  'backup.succeeded': 'success',
  'backup.partial': 'warning',
  'backup.failed': 'failure',
  'restore.succeeded': 'success',
  'restore.failed': 'failure',
  'verification.failed': 'failure',
  'drill.failed': 'failure',
  'retention.removed': 'info',
  'destination.unreachable': 'failure',
  'source.unreachable': 'failure',
  'destination.usage_threshold': 'warning',
  'job.missed_schedule': 'warning',
};

export function eventSeverity(event: Pick<NotificationEvent, 'type'>): NotificationSeverity {
  return SEVERITY[event.type];
}

/** What a "notify on problems only" rule lets through: failures and warnings (a partial backup is a problem). */
export function isProblem(event: Pick<NotificationEvent, 'type'>): boolean {
  const severity = eventSeverity(event);
  return severity === 'failure' || severity === 'warning';
}

/** The execution an event is about, for the "open in Lifeboat" link. */
export function eventExecutionId(event: NotificationEvent): string | undefined {
  return 'executionId' in event ? event.executionId : undefined;
}
