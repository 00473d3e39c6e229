import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discordNotifier } from '../../../src/adapters/notifiers/discord/discord.notifier.js';
import { gotifyNotifier } from '../../../src/adapters/notifiers/gotify/gotify.notifier.js';
import { ntfyNotifier } from '../../../src/adapters/notifiers/ntfy/ntfy.notifier.js';
import { slackNotifier } from '../../../src/adapters/notifiers/slack/slack.notifier.js';
import { teamsNotifier } from '../../../src/adapters/notifiers/teams/teams.notifier.js';
import { telegramNotifier } from '../../../src/adapters/notifiers/telegram/telegram.notifier.js';
import { testEvent } from '../../../src/adapters/notifiers/test-event.js';
import type { NotifierDeps, NotifierPlugin } from '../../../src/adapters/notifiers/types.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';

const AT = new Date('2026-03-01T02:00:00.000Z');
const DEPS: NotifierDeps = { logger: silentLogger, publicUrl: 'https://backups.example.com' };
const LINK = 'https://backups.example.com/executions/test-execution';
const ERROR = 'pg_dump: error: connection to server at "db.internal" (10.0.0.5), port 5432 failed: timeout expired (test notification)';

let server: HttpCaptureServer;
beforeAll(async () => void (server = await startHttpCapture()));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Validates the raw config like the API would, builds the notifier and sends one event. */
async function send<C>(plugin: NotifierPlugin<C>, rawConfig: unknown, event = testEvent('backup.failed', AT)) {
  const notifier = await plugin.create(plugin.configSchema.parse(rawConfig), DEPS);
  await notifier.send(event, AbortSignal.timeout(5_000));
  expect(server.requests).toHaveLength(1);
  const request = server.requests[0]!;
  expect(request.method).toBe('POST');
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.headers['user-agent']).toMatch(/^Lifeboat\//);
  return request;
}

describe('webhook-style channels against a loopback server', () => {
  it('Discord: one embed, red for a failure, mentions disabled', async () => {
    const request = await send(discordNotifier, { webhookUrl: `${server.url}/api/webhooks/123/secret-token` });
    expect(request.url).toBe('/api/webhooks/123/secret-token');
    expect(request.json()).toEqual({
      username: 'Lifeboat',
      allowed_mentions: { parse: [] },
      embeds: [{
        title: 'Backup failed: nightly-orders (test)',
        description: `The backup of 2 databases of orders-db failed; nothing new was stored.\n\n**Error:** \`${ERROR}\``,
        url: LINK,
        color: 0xe74c3c,
        timestamp: AT.toISOString(),
        footer: { text: 'Lifeboat' },
        fields: [
          { name: 'Job', value: 'nightly-orders (test)', inline: true },
          { name: 'Source', value: 'orders-db', inline: true },
          { name: 'Databases', value: 'orders, billing', inline: true },
          { name: 'Destinations', value: 's3-offsite, local-nas', inline: true },
          { name: 'Duration', value: '3 min 12 s', inline: true },
          { name: 'Size', value: '1.4 GiB', inline: true },
        ],
      }],
    });
    server.reset();
    const ok = await send(discordNotifier, { webhookUrl: `${server.url}/x` }, testEvent('backup.succeeded', AT));
    expect(ok.json<{ embeds: { color: number }[] }>().embeds[0]!.color).toBe(0x2ecc71);
  });

  it('Slack: blocks with header, fields, error and a button', async () => {
    const request = await send(slackNotifier, { webhookUrl: `${server.url}/services/T0/B0/secret` });
    expect(request.url).toBe('/services/T0/B0/secret');
    expect(request.json()).toEqual({
      text: '❌ Backup failed: nightly-orders (test)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '❌ Backup failed: nightly-orders (test)', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'The backup of 2 databases of orders-db failed; nothing new was stored.' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Job*\nnightly-orders (test)' },
            { type: 'mrkdwn', text: '*Source*\norders-db' },
            { type: 'mrkdwn', text: '*Databases*\norders, billing' },
            { type: 'mrkdwn', text: '*Destinations*\ns3-offsite, local-nas' },
            { type: 'mrkdwn', text: '*Duration*\n3 min 12 s' },
            { type: 'mrkdwn', text: '*Size*\n1.4 GiB' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: `*Error*\n\`\`\`${ERROR}\`\`\`` } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Lifeboat' }, url: LINK }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Lifeboat · ${AT.toISOString()}` }] },
      ],
    });
  });

  it('Microsoft Teams: an Adaptive Card in the message envelope workflows accept', async () => {
    const request = await send(teamsNotifier, { webhookUrl: `${server.url}/workflows/abc/triggers/manual/paths/invoke?sig=secret` });
    expect(request.url).toBe('/workflows/abc/triggers/manual/paths/invoke?sig=secret');
    const payload = request.json<{ type: string; attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[] }>();
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    expect(payload.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(payload.attachments[0]!.content).toEqual({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      body: [
        { type: 'TextBlock', text: 'Backup failed: nightly-orders (test)', weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
        { type: 'TextBlock', text: 'The backup of 2 databases of orders-db failed; nothing new was stored.', wrap: true, spacing: 'Small' },
        { type: 'TextBlock', text: ERROR, color: 'Attention', fontType: 'Monospace', wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Job', value: 'nightly-orders (test)' }, { title: 'Source', value: 'orders-db' },
            { title: 'Databases', value: 'orders, billing' }, { title: 'Destinations', value: 's3-offsite, local-nas' },
            { title: 'Duration', value: '3 min 12 s' }, { title: 'Size', value: '1.4 GiB' },
          ],
        },
        { type: 'TextBlock', text: `Lifeboat · ${AT.toISOString()}`, isSubtle: true, size: 'Small', wrap: true },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'Open in Lifeboat', url: LINK }],
    });
  });

  it('Telegram: sendMessage with HTML text to the configured API base', async () => {
    const request = await send(telegramNotifier, { botToken: '123456:ABC-def_ghi', chatId: '-1001234', apiBaseUrl: server.url });
    expect(request.url).toBe('/bot123456:ABC-def_ghi/sendMessage');
    const body = request.json<Record<string, unknown>>();
    expect(body).toMatchObject({ chat_id: '-1001234', parse_mode: 'HTML', disable_notification: false, link_preview_options: { is_disabled: true } });
    expect(body.text).toBe([
      '<b>❌ Backup failed: nightly-orders (test)</b>',
      'The backup of 2 databases of orders-db failed; nothing new was stored.',
      '',
      `<b>Error:</b> <code>${ERROR.replace(/"/g, '&quot;')}</code>`,
      '',
      '<b>Job:</b> nightly-orders (test)', '<b>Source:</b> orders-db', '<b>Databases:</b> orders, billing',
      '<b>Destinations:</b> s3-offsite, local-nas', '<b>Duration:</b> 3 min 12 s', '<b>Size:</b> 1.4 GiB',
      '',
      `<a href="${LINK}">Open in Lifeboat</a>`,
    ].join('\n'));
    server.reset();
    const ok = await send(telegramNotifier, { botToken: '1:x', chatId: '@ops_alerts', apiBaseUrl: server.url }, testEvent('backup.succeeded', AT));
    expect(ok.json()).toMatchObject({ disable_notification: true });
  });

  it('ntfy: JSON publish to the server root with topic, priority by status and a bearer token', async () => {
    const request = await send(ntfyNotifier, { serverUrl: server.url, topic: 'lifeboat-alerts', token: 'tk_secret' });
    expect(request.url).toBe('/');
    expect(request.headers.authorization).toBe('Bearer tk_secret');
    const body = request.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      topic: 'lifeboat-alerts', title: 'Backup failed: nightly-orders (test)', priority: 4, tags: ['rotating_light', 'lifeboat'],
      click: LINK, actions: [{ action: 'view', label: 'Open in Lifeboat', url: LINK }],
    });
    expect(body.message).toContain(`Error: ${ERROR}`);
    expect(body.message).toContain('Job: nightly-orders (test)');
    server.reset();
    const ok = await send(ntfyNotifier, { serverUrl: server.url, topic: 't' }, testEvent('backup.succeeded', AT));
    expect(ok.json()).toMatchObject({ priority: 2 });
    expect(ok.headers.authorization).toBeUndefined();
  });

  it('Gotify: /message with the app token header, markdown and priority by status', async () => {
    const request = await send(gotifyNotifier, { serverUrl: `${server.url}/gotify/`, appToken: 'AppToken.1' });
    expect(request.url).toBe('/gotify/message');
    expect(request.headers['x-gotify-key']).toBe('AppToken.1');
    expect(request.json()).toEqual({
      title: 'Backup failed: nightly-orders (test)',
      priority: 8,
      message: [
        'The backup of 2 databases of orders-db failed; nothing new was stored.', '', `**Error:** \`${ERROR}\``, '',
        '- **Job:** nightly-orders (test)', '- **Source:** orders-db', '- **Databases:** orders, billing',
        '- **Destinations:** s3-offsite, local-nas', '- **Duration:** 3 min 12 s', '- **Size:** 1.4 GiB', '', `[Open in Lifeboat](${LINK})`,
      ].join('\n'),
      extras: { 'client::display': { contentType: 'text/markdown' }, 'client::notification': { click: { url: LINK } } },
    });
  });
});
