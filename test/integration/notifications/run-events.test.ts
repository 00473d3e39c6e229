import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropPostgres, scratchName } from '../../support/databases.js';
import { pgSource, seedPostgres } from '../../support/postgres-fixture.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';
import { backUp, editSidecar, flipByte, localFolder, restoreApp } from '../restore/restore-support.js';

type Sent = { event: Record<string, unknown> };

/**
 * Restores, verifications, drills and retention announce themselves to the system channels once they have
 * finished, with what a person needs to act: real PostgreSQL, a folder as the destination, a loopback webhook.
 */
describe('system events of finished runs', () => {
  const folder = localFolder();
  let app: Awaited<ReturnType<typeof restoreApp>>;
  let capture: HttpCaptureServer;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  const scratch: string[] = [];
  const newDatabase = () => { const name = scratchName(); scratch.push(name); return name; };

  /** What the webhook received since the last call, once every delivery under way has ended. */
  const received = async () => {
    await app.services.notifications.idle();
    const events = capture.requests.map((r) => r.json<Sent>().event);
    capture.reset();
    return events;
  };

  beforeAll(async () => {
    [app, capture, seeded] = await Promise.all([restoreApp(folder.dir), startHttpCapture({ status: 204 }), seedPostgres(scratchName())]);
    const hook = await app.call('POST', '/api/v1/notification-channels', { name: 'ops hook', kind: 'webhook', config: { url: `${capture.url}/system` } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const settings = await app.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: [hook.body.id], delivery: { attempts: 2, timeoutSeconds: 5, retryDelayMs: 10 } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
  });
  afterAll(async () => {
    await app?.stop();
    for (const name of scratch) await dropPostgres(name).catch(() => undefined);
    await Promise.all([seeded?.cleanup(), capture?.close()]);
    folder.cleanup();
  });

  it('announces a restore that succeeded and one that failed, with the target and the backup', async () => {
    const key = await backUp(pgSource(), folder.destination, seeded.database);
    const database = newDatabase();
    const ok = await app.restore({ destinationId: app.diskId, keys: [key], targetSourceId: app.pgId, database });
    expect(ok.body.status, ok.body.error).toBe('succeeded');
    const [succeeded, ...others] = await received();
    expect(others).toEqual([]);
    expect(succeeded).toMatchObject({
      type: 'restore.succeeded', executionId: ok.body.id, source: 'machine postgres', databases: [database], destinations: ['disk'], backupId: key, targetDatabase: database,
    });
    expect(succeeded!.sizeBytes).toBeGreaterThan(0);
    expect(succeeded!.durationMs).toBeGreaterThanOrEqual(0);

    const damaged = await backUp(pgSource(), folder.destination, seeded.database);
    flipByte(folder.dir, damaged, 5000);
    const failed = await app.restore({ destinationId: app.diskId, keys: [damaged], targetSourceId: app.pgId, database: newDatabase() });
    expect(failed.body.status).toBe('failed');
    expect(await received()).toMatchObject([{ type: 'restore.failed', executionId: failed.body.id, backupId: damaged, error: expect.stringMatching(/damaged or was altered/) }]);
  });

  it('announces a failed verification with the backup\'s source and database, and not a passed one', async () => {
    const verify = (key: string) => app.call('POST', `/api/v1/destinations/${app.diskId}/backups/verify?wait=true`, { key });
    const key = await backUp(pgSource(), folder.destination, seeded.database);
    expect((await verify(key)).body.status).toBe('succeeded');
    expect(await received()).toEqual([]);

    flipByte(folder.dir, key, 4321);
    const failed = await verify(key);
    expect(failed.body.status).toBe('failed');
    const [event, ...others] = await received();
    expect(others).toEqual([]);
    expect(event).toMatchObject({ type: 'verification.failed', executionId: failed.body.id, source: 'machine', databases: [seeded.database], destinations: ['disk'], backupId: key });
    expect(event!.error).toBe(failed.body.error.split('\n')[0]);
  });

  it('announces a failed verification of a job\'s newest backups with the job and the backup that failed', async () => {
    const job = await app.call('POST', '/api/v1/jobs', { name: 'verified orders', sourceId: app.pgId, destinationIds: [app.diskId], databases: [seeded.database] });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    const run = await app.call('POST', `/api/v1/jobs/${job.body.id}/run?wait=true`);
    expect(run.body.execution.status).toBe('succeeded');
    const key = run.body.execution.result.artifacts[0].destinations[0].key as string;
    await received();
    flipByte(folder.dir, key, 1234);
    const started = await app.services.verify.startNewest(job.body.id, 'manual');
    const verified = await app.services.jobRuns.waitFor(started.id, AbortSignal.timeout(60_000));
    expect(verified.status).toBe('failed');
    expect(await received()).toMatchObject([{
      type: 'verification.failed', executionId: verified.id, job: { id: job.body.id, name: 'verified orders' }, source: 'machine postgres',
      databases: [seeded.database], destinations: ['disk'], backupId: key,
    }]);
  });

  it('announces a failed restore drill with its job and what did not match', async () => {
    const job = await app.call('POST', '/api/v1/jobs', {
      name: 'drilled orders', sourceId: app.pgId, destinationIds: [app.diskId], databases: [seeded.database], options: { drill: { enabled: false, targetSourceId: app.pgId } },
    });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    // Exact figures, as a job with drills records them: a wrong recorded count is then a failed drill.
    const key = await backUp(pgSource(), folder.destination, seeded.database, undefined, 'exact');
    editSidecar(folder.dir, key, (s) => { s.tables.find((t: { table: string }) => t.table === 'public.items').rows += 1; });
    const started = await app.services.drills.start(job.body.id, [{ destinationId: app.diskId, key }], 'manual');
    const drill = await app.services.jobRuns.waitFor(started.id, AbortSignal.timeout(60_000));
    expect(drill.status).toBe('failed');
    expect(await received()).toEqual([{
      type: 'drill.failed', occurredAt: expect.any(String), executionId: drill.id, durationMs: expect.any(Number), job: { id: job.body.id, name: 'drilled orders' },
      source: 'machine postgres', databases: [seeded.database], destinations: ['disk'], backupId: key, error: expect.stringMatching(/public\.items: \d+ recorded, \d+ restored/),
    }]);
  });

  it('announces backups removed by retention after a job run, with the count and the bytes freed', async () => {
    const job = await app.call('POST', '/api/v1/jobs', { name: 'keep one', sourceId: app.pgId, destinationIds: [app.diskId], databases: [seeded.database], retention: { keepLast: 1 } });
    expect(job.status, JSON.stringify(job.body)).toBe(201);
    const run = async () => (await app.call('POST', `/api/v1/jobs/${job.body.id}/run?wait=true`)).body.execution as { id: string; status: string };
    expect((await run()).status).toBe('succeeded');
    expect(await received()).toEqual([]);

    const second = await run();
    expect(second.status).toBe('succeeded');
    const [event, ...others] = await received();
    expect(others).toEqual([]);
    expect(event).toMatchObject({ type: 'retention.removed', executionId: second.id, job: { id: job.body.id, name: 'keep one' }, destinations: ['disk'], removedCount: 1 });
    expect(event!.freedBytes).toBeGreaterThan(0);
  });
});
