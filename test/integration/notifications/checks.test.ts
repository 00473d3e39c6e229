import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDestination } from '../../../src/adapters/destinations/local/local.destination.js';
import { Scheduler } from '../../../src/jobs/scheduler.js';
import { FakeClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { runBackup } from '../../../src/pipeline/backup.js';
import { NotificationChecks } from '../../../src/services/notifications/checks/notification-checks.js';
import { DIALECTS } from '../../support/app-db.js';
import { PG_CONFIG, pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';
import { createTestApp } from '../../support/test-app.js';

const HOUR = 3_600_000;

/**
 * The periodic checks against the real thing: a PostgreSQL source that stops answering, a WebDAV destination
 * on a closed port, a folder over its usage threshold, and schedule ticks lost while the scheduler was down.
 * Two checkers share the app database the way two workers do, and still announce each change once.
 */
describe.each(DIALECTS)('notification checks on %s', (dialect) => {
  const clock = new FakeClock('2026-03-02T10:00:30.000Z');
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-checks-'));
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let capture: HttpCaptureServer;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let closedPort: number;
  let checkers: NotificationChecks[];
  let sourceId: string;
  let diskId: string;

  /** Both checkers run every check at the same time, then the events the webhook received since last time. */
  const check = async () => {
    await Promise.all(checkers.map((c) => c.runAll()));
    await t.services.notifications.idle();
    const events = capture.requests.map((r) => r.json<{ event: Record<string, unknown> }>().event);
    capture.reset();
    return events;
  };
  const create = async (resource: string, body: unknown) => {
    const created = await t.call('POST', `/api/v1/${resource}`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { id: string };
  };

  beforeAll(async () => {
    [t, capture, seeded] = await Promise.all([createTestApp(dialect, { clock }), startHttpCapture({ status: 204 }), seedPostgres()]);
    const closed = await startHttpCapture();
    closedPort = Number(new URL(closed.url).port);
    await closed.close();
    const hook = await create('notification-channels', { name: 'ops hook', kind: 'webhook', config: { url: `${capture.url}/system` } });
    const settings = await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: [hook.id], delivery: { attempts: 1, timeoutSeconds: 5, retryDelayMs: 10 } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    sourceId = (await create('sources', { name: 'orders db', kind: 'postgres', config: { ...PG_CONFIG } })).id;
    diskId = (await create('destinations', { name: 'disk', kind: 'local', config: { path: dir } })).id;
    const deps = { ...t.services, db: t.runtime.appDb.db, clock, logger: silentLogger };
    checkers = [new NotificationChecks(deps), new NotificationChecks(deps)];
  });
  afterAll(async () => {
    await Promise.all((checkers ?? []).map((c) => c.stop()));
    await t?.services.notifications.stop();
    await t?.dispose();
    await Promise.all([capture?.close(), seeded?.cleanup()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces a source that stopped answering after two failed tries, reminds daily, and again after it recovered', async () => {
    await create('jobs', { name: 'orders nightly', sourceId, destinationIds: [diskId], databases: [seeded.database] });
    expect(await check()).toEqual([]);

    const broken = await t.call('PATCH', `/api/v1/sources/${sourceId}`, { config: { ...PG_CONFIG, port: closedPort } });
    expect(broken.status, JSON.stringify(broken.body)).toBe(200);
    // Two checkers ran: that is the two failed tries, announced once.
    const [event, ...others] = await check();
    expect(others).toEqual([]);
    expect(event).toEqual({ type: 'source.unreachable', occurredAt: clock.now().toISOString(), source: 'orders db', error: expect.stringMatching(/ECONNREFUSED|connect/) });
    expect(await check()).toEqual([]);
    clock.advance(25 * HOUR);
    expect((await check()).map((e) => e.type)).toEqual(['source.unreachable']);

    await t.call('PATCH', `/api/v1/sources/${sourceId}`, { config: { ...PG_CONFIG } });
    expect(await check()).toEqual([]);
    await t.call('PATCH', `/api/v1/sources/${sourceId}`, { config: { ...PG_CONFIG, port: closedPort } });
    expect((await check()).map((e) => e.type)).toEqual(['source.unreachable']);

    // A paused source is nobody's concern until it is active again.
    await t.call('PATCH', `/api/v1/sources/${sourceId}`, { config: { ...PG_CONFIG }, active: false });
    expect(await check()).toEqual([]);
    await t.call('PATCH', `/api/v1/sources/${sourceId}`, { active: true });
  });

  it('announces a destination that does not answer, only while an enabled job uses it', async () => {
    const webdav = await create('destinations', { name: 'offsite dav', kind: 'webdav', config: { url: `http://127.0.0.1:${closedPort}/backups` } });
    expect(await check()).toEqual([]);
    const job = await create('jobs', { name: 'orders offsite', sourceId, destinationIds: [webdav.id], databases: [seeded.database], enabled: false });
    expect(await check()).toEqual([]);
    await t.call('PATCH', `/api/v1/jobs/${job.id}`, { enabled: true });
    expect(await check()).toEqual([{ type: 'destination.unreachable', occurredAt: clock.now().toISOString(), destination: 'offsite dav', error: expect.any(String) }]);
    expect(await check()).toEqual([]);
    await t.call('DELETE', `/api/v1/jobs/${job.id}`);
  });

  it('announces a destination over its usage threshold once, and refuses a threshold for an unknown destination', async () => {
    const refused = await t.call('PUT', '/api/v1/settings/notifications', { ...(await t.call('GET', '/api/v1/settings/notifications')).body, usageThresholds: [{ destinationId: 'no-such-destination', thresholdBytes: 100 }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Unknown destination(s): no-such-destination');

    const outcome = await runBackup({
      source: pgSource(), sourceName: 'orders db', dump: { database: seeded.database, mode: 'full' }, destinations: [{ name: 'disk', destination: new LocalDestination(dir) }],
      compression: { algorithm: 'zstd', level: 3 }, clock, signal: new AbortController().signal,
    });
    expect(outcome.status, outcome.error ?? '').toBe('succeeded');
    const settings = (await t.call('GET', '/api/v1/settings/notifications')).body;
    const set = (thresholdBytes: number) => t.call('PUT', '/api/v1/settings/notifications', { ...settings, usageThresholds: [{ destinationId: diskId, thresholdBytes }] });
    expect((await set(outcome.size * 100)).status).toBe(200);
    expect(await check()).toEqual([]);

    expect((await set(100)).status).toBe(200);
    const [event, ...others] = await check();
    expect(others).toEqual([]);
    expect(event).toEqual({ type: 'destination.usage_threshold', occurredAt: expect.any(String), destination: 'disk', usedBytes: expect.any(Number), thresholdBytes: 100 });
    expect(event!.usedBytes).toBe(outcome.size);
    expect(await check()).toEqual([]);
    // A client that does not know about thresholds (an older UI) keeps them when it saves the other settings.
    const { systemNotificationChannels, delivery } = settings;
    const saved = await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels, delivery });
    expect(saved.body.usageThresholds).toEqual([{ destinationId: diskId, thresholdBytes: 100 }]);
    expect((await set(outcome.size * 100)).status).toBe(200);

    // Deleting a destination drops its threshold: what a client reads can be saved back as it is.
    const spare = (await create('destinations', { name: 'spare', kind: 'local', config: { path: path.join(dir, 'spare') } })).id;
    const both = [{ destinationId: diskId, thresholdBytes: 100 }, { destinationId: spare, thresholdBytes: 200 }];
    expect((await t.call('PUT', '/api/v1/settings/notifications', { ...settings, usageThresholds: both })).status).toBe(200);
    expect((await t.call('DELETE', `/api/v1/destinations/${spare}`)).status).toBe(204);
    const after = (await t.call('GET', '/api/v1/settings/notifications')).body;
    expect(after.usageThresholds).toEqual([{ destinationId: diskId, thresholdBytes: 100 }]);
    expect((await t.call('PUT', '/api/v1/settings/notifications', after)).status).toBe(200);
    expect((await set(outcome.size * 100)).status).toBe(200); // the later checks assume a threshold far above usage
  });

  it('announces schedule ticks lost while the scheduler was down, once, and not those of a disabled job', async () => {
    const day = '2026-03-05T';
    const at = (time: string) => clock.set(`${day}${time}.000Z`);
    at('10:00:30');
    const every5 = { cron: '*/5 * * * *', timeZone: 'UTC' };
    const job = (name: string, extra: Record<string, unknown> = {}) => create('jobs', { name, sourceId, destinationIds: [diskId], databases: [seeded.database], schedule: every5, ...extra });
    const catchUp = await job('orders every 5');
    const noCatchUp = await job('orders every 5, no catch-up', { options: { catchUp: 'none' } });
    await job('orders disabled', { enabled: false });
    const scheduler = new Scheduler({ jobs: t.services.jobs, executions: t.services.executions, clock, logger: silentLogger, pausedSources: async () => new Set() });
    const missed = (id: string, name: string, first: string, reason: string) => ({
      type: 'job.missed_schedule', occurredAt: clock.now().toISOString(), job: { id, name }, scheduledFor: `${day}${first}.000Z`, reason,
    });

    // On time: the ticks are queued, nothing is missed.
    at('10:05:10');
    expect(await scheduler.tick()).toBe(2);
    at('10:09:00');
    expect(await check()).toEqual([]);

    // Down from 10:09 to 10:32: the catch-up runs the 10:30 tick; 10:10 to 10:25 are lost. Without catch-up
    // nothing runs, and the lost ticks are judged once the scheduler has moved past them (the 10:35 tick).
    at('10:32:00');
    expect(await scheduler.tick()).toBe(1);
    expect(await check()).toEqual([
      missed(catchUp.id, 'orders every 5', '10:10:00', `Lifeboat's scheduler was not running then; 4 runs were missed, the last one at ${day}10:25:00.000Z`),
    ]);
    at('10:35:10');
    expect(await scheduler.tick()).toBe(2);
    at('10:39:00');
    expect(await check()).toEqual([
      missed(noCatchUp.id, 'orders every 5, no catch-up', '10:10:00', `Lifeboat's scheduler was not running then; 5 runs were missed, the last one at ${day}10:30:00.000Z; catch-up is off for this job`),
    ]);
    at('10:45:00');
    expect(await check()).toEqual([]);
  });
});
