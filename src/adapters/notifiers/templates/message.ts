import {
  eventSeverity,
  isExecutionEvent,
  type ExecutionEvent,
  type ExecutionFacts,
  type NotificationEvent,
  type NotificationSeverity,
  type OtherEvent,
} from '../../../domain/notification-events.js';
import { humanBytes, humanDuration, humanList, oneLine } from './format.js';

export interface MessageField {
  label: string;
  value: string;
}

/** A channel-neutral message; each channel lays it out (embed, blocks, card, text). */
export interface NotificationMessage {
  severity: NotificationSeverity;
  /** Short, names what happened and to what: "Backup failed: nightly-orders". */
  title: string;
  /** One sentence. */
  summary: string;
  fields: MessageField[];
  /** First line of the error, when the event is a failure. */
  error?: string;
  /** The execution (or job) in the Lifeboat UI, when a public URL is configured. */
  link?: string;
  occurredAt: string;
}

export const SEVERITY_EMOJI: Record<NotificationSeverity, string> = {
  success: '✅',
  info: 'ℹ️',
  warning: '⚠️',
  failure: '❌',
};

function executionFields(facts: ExecutionFacts): MessageField[] {
  const fields: MessageField[] = [];
  if (facts.job) fields.push({ label: 'Job', value: facts.job.name });
  fields.push({ label: 'Source', value: facts.source });
  fields.push({ label: 'Databases', value: humanList(facts.databases) });
  fields.push({ label: 'Destinations', value: humanList(facts.destinations) });
  if (facts.durationMs != null) fields.push({ label: 'Duration', value: humanDuration(facts.durationMs) });
  if (facts.sizeBytes != null) fields.push({ label: 'Size', value: humanBytes(facts.sizeBytes) });
  return fields;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

type Body = Pick<NotificationMessage, 'title' | 'summary' | 'fields'>;

function executionBody(event: ExecutionEvent): Body {
  const what = event.job?.name ?? event.source;
  const dbs = plural(event.databases.length, 'database');
  const fields = executionFields(event);
  switch (event.type) {
    case 'backup.succeeded':
      return { title: `Backup succeeded: ${what}`, summary: `Backed up ${dbs} of ${event.source} to ${humanList(event.destinations)}.`, fields };
    case 'backup.partial': {
      const failures = event.failures.map((f) => `${[f.database, f.destination].filter(Boolean).join(' → ') || 'backup'}: ${oneLine(f.error, 200)}`);
      fields.push({ label: 'Failed', value: humanList(failures, 3) });
      return { title: `Backup partially failed: ${what}`, summary: `${plural(event.failures.length, 'part')} of the backup of ${event.source} failed; the rest was stored.`, fields };
    }
    case 'backup.failed':
      return { title: `Backup failed: ${what}`, summary: `The backup of ${dbs} of ${event.source} failed; nothing new was stored.`, fields };
    case 'restore.succeeded':
    case 'restore.failed': {
      if (event.targetDatabase) fields.push({ label: 'Restored into', value: event.targetDatabase });
      fields.push({ label: 'Backup', value: event.backupId });
      const ok = event.type === 'restore.succeeded';
      return { title: `Restore ${ok ? 'succeeded' : 'failed'}: ${what}`, summary: ok ? `Restored ${dbs} into ${event.source}.` : `The restore into ${event.source} failed.`, fields };
    }
    case 'verification.failed':
      fields.push({ label: 'Backup', value: event.backupId });
      return { title: `Verification failed: ${what}`, summary: 'A stored backup did not pass verification: it may not restore.', fields };
    case 'drill.failed':
      fields.push({ label: 'Backup', value: event.backupId });
      return { title: `Restore drill failed: ${what}`, summary: 'A test restore of this backup failed or did not match what was backed up.', fields };
  }
}

function otherBody(event: OtherEvent): Body {
  switch (event.type) {
    case 'retention.removed': {
      const fields: MessageField[] = event.job ? [{ label: 'Job', value: event.job.name }] : [];
      fields.push({ label: 'Destinations', value: humanList(event.destinations) }, { label: 'Removed', value: plural(event.removedCount, 'backup') });
      if (event.freedBytes != null) fields.push({ label: 'Freed', value: humanBytes(event.freedBytes) });
      return { title: `Retention removed ${plural(event.removedCount, 'backup')}${event.job ? `: ${event.job.name}` : ''}`, summary: 'Backups past the retention policy were deleted.', fields };
    }
    case 'destination.unreachable':
      return { title: `Destination unreachable: ${event.destination}`, summary: 'Backups to this destination will fail until it is reachable again.', fields: [{ label: 'Destination', value: event.destination }] };
    case 'source.unreachable':
      return { title: `Source unreachable: ${event.source}`, summary: 'Backups of this source will fail until it is reachable again.', fields: [{ label: 'Source', value: event.source }] };
    case 'destination.usage_threshold': {
      const fields = [{ label: 'Destination', value: event.destination }, { label: 'Used', value: humanBytes(event.usedBytes) }, { label: 'Threshold', value: humanBytes(event.thresholdBytes) }];
      if (event.capacityBytes != null) fields.push({ label: 'Capacity', value: humanBytes(event.capacityBytes) });
      return { title: `Destination usage above threshold: ${event.destination}`, summary: `${humanBytes(event.usedBytes)} stored, above the ${humanBytes(event.thresholdBytes)} threshold.`, fields };
    }
    case 'job.missed_schedule': {
      const fields = [{ label: 'Job', value: event.job.name }, { label: 'Scheduled for', value: event.scheduledFor }];
      return { title: `Job missed its schedule: ${event.job.name}`, summary: event.reason ? `The scheduled run did not start: ${event.reason}.` : 'The scheduled run did not start.', fields };
    }
  }
}

function linkFor(event: NotificationEvent, publicUrl: string | undefined): string | undefined {
  if (!publicUrl) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  if ('executionId' in event) return `${base}/executions/${encodeURIComponent(event.executionId)}`;
  if (event.type === 'job.missed_schedule') return `${base}/jobs/${encodeURIComponent(event.job.id)}`;
  return undefined;
}

/** The default message for an event; channels decide the layout. */
export function renderMessage(event: NotificationEvent, options: { publicUrl?: string } = {}): NotificationMessage {
  const body = isExecutionEvent(event) ? executionBody(event) : otherBody(event);
  const message: NotificationMessage = { severity: eventSeverity(event), ...body, occurredAt: event.occurredAt };
  if ('error' in event && event.error) message.error = oneLine(event.error);
  const link = linkFor(event, options.publicUrl);
  if (link) message.link = link;
  return message;
}

/** Plain text for channels without layout (email text part, ntfy, Gotify). */
export function renderText(message: NotificationMessage, options: { title?: boolean } = {}): string {
  const lines: string[] = [];
  if (options.title !== false) lines.push(message.title, '');
  lines.push(message.summary);
  if (message.error) lines.push('', `Error: ${message.error}`);
  lines.push('', ...message.fields.map((f) => `${f.label}: ${f.value}`));
  if (message.link) lines.push('', `Open in Lifeboat: ${message.link}`);
  return lines.join('\n');
}
