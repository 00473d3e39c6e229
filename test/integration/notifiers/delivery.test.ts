import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliver, type DeliveryAttempt } from '../../../src/adapters/notifiers/delivery.js';
import { discordNotifier } from '../../../src/adapters/notifiers/discord/discord.notifier.js';
import { slackNotifier } from '../../../src/adapters/notifiers/slack/slack.notifier.js';
import { telegramNotifier } from '../../../src/adapters/notifiers/telegram/telegram.notifier.js';
import { testEvent } from '../../../src/adapters/notifiers/test-event.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { freePort } from '../../support/cli.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';

const DEPS = { logger: silentLogger };
const TOKEN = '987654:SECRET-bot-token';
let server: HttpCaptureServer;
beforeAll(async () => void (server = await startHttpCapture({ status: 204 })));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** Small timeouts and a recorded, instant sleep: retries are checked without waiting on the real clock. */
function options(overrides: { timeoutMs?: number; attempts?: number } = {}) {
  const records: DeliveryAttempt[] = [];
  const delays: number[] = [];
  return {
    records,
    delays,
    timeoutMs: overrides.timeoutMs ?? 2_000,
    attempts: overrides.attempts ?? 3,
    baseDelayMs: 50,
    sleep: async (ms: number) => void delays.push(ms),
    record: async (attempt: DeliveryAttempt) => void records.push(attempt),
  };
}

describe('delivery against a loopback server', () => {
  it('retries a channel that times out, then succeeds, and records each attempt', async () => {
    server.reply({ hang: true }, { hang: true });
    const notifier = await discordNotifier.create({ webhookUrl: `${server.url}/api/webhooks/1/tok`, username: 'Lifeboat' }, DEPS);
    // Long enough for the third, answered try on a loaded machine; the hung ones cost it twice.
    const opts = options({ timeoutMs: 1_000 });
    const result = await deliver(notifier, testEvent(), opts);
    expect(result.ok).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(opts.records.map((a) => [a.attempt, a.ok, a.error, a.retryable])).toEqual([
      [1, false, 'Timed out after 1000 ms', true],
      [2, false, 'Timed out after 1000 ms', true],
      [3, true, undefined, undefined],
    ]);
    expect(opts.records[0]!.durationMs).toBeGreaterThanOrEqual(990);
    expect(opts.delays).toEqual([50, 100]);
  });

  it('retries HTTP 500 and 429 (honouring Retry-After), and gives up without throwing', async () => {
    server.reply({ status: 500, body: 'upstream exploded\nstack...' }, { status: 429, body: 'slow down', headers: { 'retry-after': '1' } }, { status: 503 });
    const notifier = await slackNotifier.create({ webhookUrl: `${server.url}/services/secret` }, DEPS);
    const opts = options();
    const result = await deliver(notifier, testEvent(), opts);
    expect(result).toMatchObject({ ok: false, error: 'Slack answered HTTP 503' });
    expect(opts.records.map((a) => a.error)).toEqual(['Slack answered HTTP 500: upstream exploded', 'Slack answered HTTP 429: slow down', 'Slack answered HTTP 503']);
    expect(opts.delays).toEqual([50, 1_000]);
  });

  it('does not retry HTTP 400 and keeps the token out of the record', async () => {
    server.reply({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' });
    const notifier = await telegramNotifier.create({ botToken: TOKEN, chatId: '42', apiBaseUrl: server.url, silentSuccess: true }, DEPS);
    const opts = options();
    const result = await deliver(notifier, testEvent(), opts);
    expect(server.requests).toHaveLength(1);
    expect(result.attempts).toHaveLength(1);
    expect(result.error).toMatch(/^Telegram answered HTTP 400: .*chat not found.*\(the channel rejected the message\)$/);
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });

  it('retries a refused connection and never leaks the webhook URL', async () => {
    const port = await freePort();
    const notifier = await discordNotifier.create({ webhookUrl: `http://127.0.0.1:${port}/api/webhooks/1/very-secret`, username: 'L' }, DEPS);
    const opts = options({ attempts: 2 });
    const result = await deliver(notifier, testEvent(), opts);
    expect(result.ok).toBe(false);
    expect(opts.records.map((a) => a.retryable)).toEqual([true, true]);
    expect(result.error).toMatch(/^Discord: network error \(ECONNREFUSED/);
    expect(JSON.stringify(result)).not.toContain('very-secret');
  });
});
