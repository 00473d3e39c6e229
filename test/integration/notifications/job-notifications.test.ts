import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/adapters/notifiers/webhook/signature.js';
import { startBackgroundWork } from '../../../src/main/background.js';
import { DIALECTS } from '../../support/app-db.js';
import { PG_CONFIG, seedPostgres } from '../../support/postgres-fixture.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';
import { createTestApp } from '../../support/test-app.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SECRET = 'whsec-job-notifications-0123';
const BASE_URL = 'https://lifeboat.example.test';

/** Jobs notify their channels after each backup, per rule, without the channels ever changing the backup's result. */
describe.each(DIALECTS)('job notifications on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let background: Awaited<ReturnType<typeof startBackgroundWork>>;
  let seeded: Awaited<ReturnType<typeof seedPostgres>>;
  let capture: HttpCaptureServer;
  let downUrl: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'lifeboat-notify-'));
  let sourceId: string;
  let destinationId: string;

  const channel = async (name: string, config: Record<string, unknown>, kind = 'webhook') => {
    const created = await t.call('POST', '/api/v1/notification-channels', { name, kind, config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const job = async (name: string, databases: string[], notifications: { channelId: string; on: 'failure' | 'always' }[]) => {
    const created = await t.call('POST', '/api/v1/jobs', { name, sourceId, destinationIds: [destinationId], databases, notifications });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id as string;
  };
  const run = async (jobId: string) => {
    const response = await t.call('POST', `/api/v1/jobs/${jobId}/run?wait=true`);
    expect(response.status).toBe(200);
    // Delivery starts before the execution is recorded; waiting for it keeps the assertions exact.
    await t.services.notifications.idle();
    return response.body.execution as { id: string; status: string; error: string | null };
  };
  const attempts = async (executionId: string) => (await t.call('GET', `/api/v1/notification-attempts?executionId=${executionId}`)).body as { channelId: string; attempt: number; ok: boolean; error: string | null; eventType: string }[];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    Object.assign(t.runtime.env, { LIFEBOAT_BASE_URL: `${BASE_URL}/` });
    const down = await startHttpCapture();
    downUrl = `${down.url}/gone`;
    await down.close();
    [capture, seeded] = await Promise.all([startHttpCapture({ status: 204 }), seedPostgres()]);
    background = await startBackgroundWork(t.runtime, t.services, { scheduler: false, pollMs: 100 });
    const settings = await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: [], delivery: { attempts: 3, timeoutSeconds: 5, retryDelayMs: 10 } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    sourceId = (await t.call('POST', '/api/v1/sources', { name: 'machine postgres', kind: 'postgres', config: { ...PG_CONFIG } })).body.id;
    destinationId = (await t.call('POST', '/api/v1/destinations', { name: 'local disk', kind: 'local', config: { path: dir } })).body.id;
  });
  afterAll(async () => {
    await background?.stop();
    await t?.dispose();
    await Promise.all([capture?.close(), seeded?.cleanup()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells a webhook about a failed backup with the facts, a link and a valid signature', async () => {
    capture.reset();
    const hook = await channel('ops hook', { url: `${capture.url}/hook`, headers: { Authorization: 'Bearer hook-token' }, secret: SECRET });
    const jobId = await job('nightly broken', ['lifeboat_test_0_missing_db'], [{ channelId: hook, on: 'failure' }]);
    const execution = await run(jobId);
    expect(execution.status).toBe('failed');

    expect(capture.requests).toHaveLength(1);
    const [request] = capture.requests;
    expect(request!.url).toBe('/hook');
    expect(request!.headers).toMatchObject({ authorization: 'Bearer hook-token', 'x-lifeboat-event': 'backup.failed' });
    expect(verifySignature(SECRET, request!.body, request!.headers['x-lifeboat-signature'] as string)).toBe(true);
    const body = request!.json<{ event: Record<string, unknown>; message: { link?: string; error?: string } }>();
    expect(body.event).toMatchObject({
      type: 'backup.failed', executionId: execution.id, job: { id: jobId, name: 'nightly broken' }, source: 'machine postgres',
      databases: ['lifeboat_test_0_missing_db'], destinations: ['local disk'], error: expect.stringMatching(/does not exist/),
    });
    expect(body.event.error).not.toContain('\n');
    expect(body.event.durationMs).toBeGreaterThanOrEqual(0);
    expect(body.message.link).toBe(`${BASE_URL}/executions/${execution.id}`);
    expect(await attempts(execution.id)).toMatchObject([{ channelId: hook, attempt: 1, ok: true, eventType: 'backup.failed', error: null }]);
    const logs = (await t.call('GET', `/api/v1/executions/${execution.id}/logs`)).body as { message: string }[];
    expect(logs.map((l) => l.message)).toContain('Notified ops hook');
  });

  it('retries a channel that answers 500, records every attempt, and the backup keeps its own failure', async () => {
    capture.reset();
    capture.reply({ status: 500, body: 'boom' }, { status: 503 }, { status: 500 });
    const hook = await channel('flaky hook', { url: `${capture.url}/flaky` });
    const jobId = await job('nightly broken twice', ['lifeboat_test_0_missing_db'], [{ channelId: hook, on: 'failure' }]);
    const execution = await run(jobId);

    expect(capture.requests).toHaveLength(3);
    const recorded = (await attempts(execution.id)).sort((a, b) => a.attempt - b.attempt);
    expect(recorded.map((a) => [a.attempt, a.ok])).toEqual([[1, false], [2, false], [3, false]]);
    expect(recorded[0]!.error).toMatch(/500/);
    expect(recorded[1]!.error).toMatch(/503/);
    const after = (await t.call('GET', `/api/v1/executions/${execution.id}`)).body;
    expect(after).toMatchObject({ status: 'failed', error: expect.stringMatching(/does not exist/) });
    const history = (await t.call('GET', `/api/v1/notification-attempts?channelId=${hook}`)).body as unknown[];
    expect(history).toHaveLength(3);
  });

  it('sends a success to "always" rules only, and a channel that is down leaves the backup succeeded', async () => {
    capture.reset();
    const failureOnly = await channel('failure only', { url: `${capture.url}/failure-only` });
    const always = await channel('always', { url: `${capture.url}/always` });
    const down = await channel('down', { url: downUrl });
    const jobId = await job('nightly fine', [seeded.database], [
      { channelId: failureOnly, on: 'failure' }, { channelId: always, on: 'always' }, { channelId: down, on: 'always' },
    ]);
    const execution = await run(jobId);
    expect(execution).toMatchObject({ status: 'succeeded', error: null });

    expect(capture.requests.map((r) => r.url)).toEqual(['/always']);
    const event = capture.requests[0]!.json<{ event: Record<string, unknown> }>().event;
    expect(event).toMatchObject({ type: 'backup.succeeded', executionId: execution.id, databases: [seeded.database] });
    expect(event.sizeBytes).toBeGreaterThan(0);
    const recorded = await attempts(execution.id);
    expect(recorded.filter((a) => a.channelId === always).map((a) => a.ok)).toEqual([true]);
    expect(recorded.filter((a) => a.channelId === down).map((a) => a.ok)).toEqual([false, false, false]);
    expect(recorded.some((a) => a.channelId === failureOnly)).toBe(false);
    expect((await t.call('GET', `/api/v1/executions/${execution.id}`)).body.status).toBe('succeeded');
  });

  it('keeps a channel that job rules or system events use', async () => {
    const hook = await channel('in use', { url: `${capture.url}/in-use` });
    await job('uses it', [seeded.database], [{ channelId: hook, on: 'failure' }]);
    const refused = await t.call('DELETE', `/api/v1/notification-channels/${hook}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/used by job "uses it"/);
  });
});
