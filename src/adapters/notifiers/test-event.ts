import type { ExecutionFacts, NotificationEvent, NotificationEventType } from '../../domain/notification-events.js';

const JOB = { id: 'test-job', name: 'nightly-orders (test)' };
const FACTS: Omit<ExecutionFacts, 'job'> = {
  executionId: 'test-execution',
  source: 'orders-db',
  databases: ['orders', 'billing'],
  destinations: ['s3-offsite', 'local-nas'],
  durationMs: 192_400,
  sizeBytes: 1_503_238_554,
};
const ERROR = 'pg_dump: error: connection to server at "db.internal" (10.0.0.5), port 5432 failed: timeout expired (test notification)';

/**
 * A realistic sample for "send test": every field a real message shows, clearly marked as a test, so people
 * can check the layout and that the channel works. Defaults to a failed backup, the message that matters most.
 */
export function testEvent(type: NotificationEventType = 'backup.failed', now: Date = new Date()): NotificationEvent {
  const occurredAt = now.toISOString();
  const failed = { occurredAt, ...FACTS, job: JOB, error: ERROR };
  switch (type) {
    case 'backup.succeeded':
      return { type, occurredAt, ...FACTS, job: JOB };
    case 'backup.partial':
      return { ...failed, type, error: 'Upload to local-nas failed: ENOSPC: no space left on device (test notification)', failures: [{ database: 'billing', destination: 'local-nas', error: 'ENOSPC: no space left on device' }] };
    case 'backup.failed':
      return { ...failed, type };
    case 'restore.succeeded':
      return { type, occurredAt, ...FACTS, job: JOB, backupId: 'test-backup', targetDatabase: 'orders_restored' };
    case 'restore.failed':
      return { ...failed, type, backupId: 'test-backup', targetDatabase: 'orders_restored' };
    case 'verification.failed':
      return { ...failed, type, backupId: 'test-backup', error: 'sha256 mismatch: stored object differs from the sidecar (test notification)' };
    case 'drill.failed':
      return { ...failed, type, backupId: 'test-backup', error: 'Row count differs for public.orders: 120394 backed up, 120001 restored (test notification)' };
    case 'retention.removed':
      return { type, occurredAt, executionId: 'test-execution', job: JOB, destinations: FACTS.destinations, removedCount: 7, freedBytes: 9_876_543_210 };
    case 'destination.unreachable':
      return { type, occurredAt, destination: 's3-offsite', error: 'connect ETIMEDOUT 203.0.113.10:443 (test notification)' };
    case 'source.unreachable':
      return { type, occurredAt, source: 'orders-db', error: 'connect ECONNREFUSED 10.0.0.5:5432 (test notification)' };
    case 'destination.usage_threshold':
      return { type, occurredAt, destination: 'local-nas', usedBytes: 858_993_459_200, thresholdBytes: 805_306_368_000, capacityBytes: 1_099_511_627_776 };
    case 'job.missed_schedule':
      return { type, occurredAt, job: JOB, scheduledFor: occurredAt, reason: 'the previous run was still going' };
  }
}
