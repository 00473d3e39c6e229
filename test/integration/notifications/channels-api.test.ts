import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEvent } from '../../../src/adapters/notifiers/test-event.js';
import { DIALECTS } from '../../support/app-db.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';
import { startSmtpCapture, type SmtpCaptureServer } from '../../support/servers/smtp.js';
import { createTestApp } from '../../support/test-app.js';

const SMTP_PASSWORD = 'smtp-pass-Zq81';
const HOOK_SECRET = 'whsec-channels-api-4711';
const HOOK_TOKEN = 'Bearer hook-token-9931';

/** Channels through the API: kinds, CRUD with sealed and redacted secrets, "send test", system events and their settings. */
describe.each(DIALECTS)('notification channels API on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let smtp: SmtpCaptureServer;
  let capture: HttpCaptureServer;
  let mailId: string;
  let hookId: string;

  beforeAll(async () => {
    [t, smtp, capture] = await Promise.all([createTestApp(dialect), startSmtpCapture({ users: { lifeboat: SMTP_PASSWORD } }), startHttpCapture({ status: 204 })]);
    await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: [], delivery: { attempts: 2, timeoutSeconds: 5, retryDelayMs: 10 } });
    const mail = await t.call('POST', '/api/v1/notification-channels', {
      name: 'ops mail', kind: 'email',
      config: { host: '127.0.0.1', port: smtp.port, username: 'lifeboat', password: SMTP_PASSWORD, from: 'Lifeboat <lifeboat@example.test>', to: ['ops@example.test'], verifyCertificate: false },
    });
    expect(mail.status, JSON.stringify(mail.body)).toBe(201);
    mailId = mail.body.id;
    const hook = await t.call('POST', '/api/v1/notification-channels', {
      name: 'ops hook', kind: 'webhook', config: { url: `${capture.url}/system`, headers: { Authorization: HOOK_TOKEN }, secret: HOOK_SECRET },
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    hookId = hook.body.id;
  });
  afterAll(async () => {
    await t?.services.notifications.stop();
    await t?.dispose();
    await Promise.all([smtp?.close(), capture?.close()]);
  });

  it('lists every channel kind with its config schema and secret fields', async () => {
    const kinds = await t.call('GET', '/api/v1/notification-kinds');
    expect(kinds.status).toBe(200);
    expect(kinds.body.map((k: { kind: string }) => k.kind).sort()).toEqual(['discord', 'email', 'gotify', 'ntfy', 'slack', 'teams', 'telegram', 'webhook']);
    const webhook = kinds.body.find((k: { kind: string }) => k.kind === 'webhook');
    expect(webhook.secretFields).toEqual(['headers', 'secret']);
    expect(webhook.configSchema.properties).toHaveProperty('url');
  });

  it('never returns a secret, and stores secrets sealed', async () => {
    const listed = await t.call('GET', '/api/v1/notification-channels');
    const single = await t.call('GET', `/api/v1/notification-channels/${hookId}`);
    const shown = JSON.stringify([listed.body, single.body]);
    for (const secret of [SMTP_PASSWORD, HOOK_SECRET, HOOK_TOKEN]) expect(shown).not.toContain(secret);
    expect(single.body.config).toMatchObject({ headers: { Authorization: '[redacted]' }, secret: '[redacted]' });
    expect(listed.body.find((c: { id: string }) => c.id === mailId).config).toMatchObject({ password: '[redacted]', username: 'lifeboat' });

    const rows = await t.runtime.appDb.db.selectFrom('notification_channels').selectAll().execute();
    const stored = JSON.stringify(rows);
    for (const secret of [SMTP_PASSWORD, HOOK_SECRET, HOOK_TOKEN]) expect(stored).not.toContain(secret);
    expect(rows.every((r) => r.secrets !== null)).toBe(true);
  });

  it('rejects an invalid config with the field that is wrong', async () => {
    const bad = await t.call('POST', '/api/v1/notification-channels', { name: 'bad', kind: 'webhook', config: { url: 'ftp://example.test' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('config.url');
  });

  it('"send test" reaches the SMTP server, also after an edit that sends the secret back redacted', async () => {
    const edited = await t.call('PATCH', `/api/v1/notification-channels/${mailId}`, {
      name: 'ops mail (edited)', config: { ...(await t.call('GET', `/api/v1/notification-channels/${mailId}`)).body.config, to: ['dba@example.test'] },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const sent = await t.call('POST', `/api/v1/notification-channels/${mailId}/test`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ ok: true, attempts: [{ attempt: 1, ok: true }] });
    const mail = smtp.mails.at(-1)!;
    expect(mail).toMatchObject({ user: 'lifeboat', secure: true, to: ['dba@example.test'], subject: '[Lifeboat] Backup failed: nightly-orders (test)' });
    const history = await t.call('GET', `/api/v1/notification-attempts?channelId=${mailId}`);
    expect(history.body).toMatchObject([{ channelId: mailId, eventType: 'backup.failed', executionId: 'test-execution', attempt: 1, ok: true }]);
  });

  it('"send test" reports a failing channel with one attempt and its error', async () => {
    capture.reset();
    capture.reply({ status: 500, body: 'down for maintenance' });
    const sent = await t.call('POST', `/api/v1/notification-channels/${hookId}/test?event=backup.succeeded`);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ ok: false, attempts: [{ attempt: 1, ok: false, retryable: true }] });
    expect(sent.body.error).toMatch(/500/);
    expect(capture.requests.map((r) => r.headers['x-lifeboat-event'])).toEqual(['backup.succeeded']);
  });

  it('sends system events to the channels chosen in the settings', async () => {
    const unknown = await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: ['no-such-channel'] });
    expect(unknown.status).toBe(400);
    const saved = await t.call('PUT', '/api/v1/settings/notifications', { systemNotificationChannels: [hookId], delivery: { attempts: 2, timeoutSeconds: 5, retryDelayMs: 10 } });
    expect(saved.status).toBe(200);
    expect((await t.call('GET', '/api/v1/settings/notifications')).body).toEqual({ systemNotificationChannels: [hookId], delivery: { attempts: 2, timeoutSeconds: 5, retryDelayMs: 10 }, usageThresholds: [] });

    capture.reset();
    const event = { ...testEvent('source.unreachable'), source: 'billing-db', error: 'connect ECONNREFUSED 10.1.2.3:5432' };
    await t.services.notifications.notifySystem(event);
    await t.services.notifications.idle();
    expect(capture.requests).toHaveLength(1);
    expect(capture.requests[0]!.json<{ event: unknown }>().event).toEqual(event);
    const history = await t.call('GET', `/api/v1/notification-attempts?channelId=${hookId}&limit=1`);
    expect(history.body).toMatchObject([{ eventType: 'source.unreachable', executionId: null, ok: true }]);
  });

  it('refuses a job whose rules name a channel that does not exist, on create and on update', async () => {
    const sourceId = (await t.call('POST', '/api/v1/sources', { name: 'rules source', kind: 'sqlite', config: { path: '/var/lib/app/app.db' } })).body.id as string;
    const destinationId = (await t.call('POST', '/api/v1/destinations', { name: 'rules disk', kind: 'local', config: { path: '/var/backups/lifeboat' } })).body.id as string;
    const job = { name: 'rules job', sourceId, destinationIds: [destinationId] };
    const refused = await t.call('POST', '/api/v1/jobs', { ...job, notifications: [{ channelId: hookId, on: 'always' }, { channelId: 'no-such-channel', on: 'failure' }] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Unknown notification channel(s): no-such-channel');
    expect((await t.call('GET', '/api/v1/jobs')).body).toEqual([]);

    const created = await t.call('POST', '/api/v1/jobs', { ...job, notifications: [{ channelId: hookId, on: 'always' }] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const update = await t.call('PATCH', `/api/v1/jobs/${created.body.id}`, { notifications: [{ channelId: 'gone-channel', on: 'failure' }] });
    expect(update.status).toBe(400);
    expect((await t.call('GET', `/api/v1/jobs/${created.body.id}`)).body.notifications).toEqual([{ channelId: hookId, on: 'always' }]);
    expect((await t.call('DELETE', `/api/v1/jobs/${created.body.id}`)).status).toBe(204);
  });

  it('keeps a channel that receives system events, and deletes one that nothing uses', async () => {
    const refused = await t.call('DELETE', `/api/v1/notification-channels/${hookId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/system events/);
    expect((await t.call('DELETE', `/api/v1/notification-channels/${mailId}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/notification-channels/${mailId}`)).status).toBe(404);
  });
});
