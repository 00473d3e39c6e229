import { describe, expect, it } from 'vitest';
import { backupEvent, type BackupRunFacts } from './backup-event.js';
import { channelsFor } from './notifications.service.js';

const base: BackupRunFacts = {
  executionId: 'e1',
  job: { id: 'j1', name: 'nightly', databases: [] },
  status: 'succeeded',
  result: { artifacts: [{ status: 'succeeded', database: 'orders', destinations: [{ name: 'nas', ok: true }] }, { status: 'succeeded', database: 'billing' }], totalSize: 2048 },
  error: null,
  willRetry: false,
  startedAt: '2026-03-01T02:00:00.000Z',
  sourceName: 'main pg',
  destinationNames: ['nas', 's3'],
  now: new Date('2026-03-01T02:03:10.000Z'),
};

describe('backupEvent', () => {
  it('describes a success with the stored databases, duration and size', () => {
    expect(backupEvent(base)).toEqual({
      type: 'backup.succeeded', occurredAt: '2026-03-01T02:03:10.000Z', executionId: 'e1', job: { id: 'j1', name: 'nightly' },
      source: 'main pg', databases: ['orders', 'billing'], destinations: ['nas', 's3'], durationMs: 190_000, sizeBytes: 2048,
    });
  });

  it('lists what failed in a partial backup, per destination where known', () => {
    const event = backupEvent({
      ...base, status: 'partial', error: 'billing: Upload to s3 failed\nstack...',
      result: { artifacts: [
        { status: 'succeeded', database: 'orders' },
        { status: 'partial', database: 'billing', error: 'Upload to s3 failed', destinations: [{ name: 'nas', ok: true }, { name: 's3', ok: false, error: 'AccessDenied\nmore' }] },
        { status: 'failed', database: 'audit', error: 'pg_dump: permission denied' },
      ], totalSize: 10 },
    });
    expect(event).toMatchObject({
      type: 'backup.partial', error: 'billing: Upload to s3 failed', sizeBytes: 10,
      failures: [{ database: 'billing', destination: 's3', error: 'AccessDenied' }, { database: 'audit', error: 'pg_dump: permission denied' }],
    });
  });

  it('gives the first line of the error of a failure, without a size, and falls back to the job databases', () => {
    const event = backupEvent({ ...base, status: 'failed', result: null, error: 'nope: database "x" does not exist\ndetail', job: { ...base.job, databases: ['x'] } });
    expect(event).toMatchObject({ type: 'backup.failed', error: 'nope: database "x" does not exist', databases: ['x'] });
    expect(event).not.toHaveProperty('sizeBytes');
  });

  it('says nothing about a cancelled run or a failed attempt that will be retried', () => {
    expect(backupEvent({ ...base, status: 'cancelled' })).toBeUndefined();
    expect(backupEvent({ ...base, status: 'failed', willRetry: true, error: 'x' })).toBeUndefined();
    expect(backupEvent({ ...base, status: 'failed', willRetry: false, error: 'x' })?.type).toBe('backup.failed');
  });
});

describe('channelsFor', () => {
  const rules = [{ channelId: 'a', on: 'failure' as const }, { channelId: 'b', on: 'always' as const }, { channelId: 'b', on: 'failure' as const }];
  it('sends successes to "always" rules only, problems to every rule, each channel once', () => {
    expect(channelsFor(rules, { type: 'backup.succeeded' })).toEqual(['b']);
    expect(channelsFor(rules, { type: 'backup.partial' })).toEqual(['a', 'b']);
    expect(channelsFor(rules, { type: 'backup.failed' })).toEqual(['a', 'b']);
  });
});
