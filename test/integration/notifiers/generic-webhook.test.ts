import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../../src/adapters/notifiers/templates/message.js';
import { testEvent } from '../../../src/adapters/notifiers/test-event.js';
import { verifySignature } from '../../../src/adapters/notifiers/webhook/signature.js';
import { webhookConfigSchema, webhookNotifier } from '../../../src/adapters/notifiers/webhook/webhook.notifier.js';
import { FakeClock } from '../../../src/lib/clock.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { startHttpCapture, type HttpCaptureServer } from '../../support/servers/http-capture.js';

const SECRET = 'whsec-0123456789abcdef';
const clock = new FakeClock('2026-03-01T02:00:05Z');
const UNIX = 1_772_330_405;
const event = testEvent('backup.partial', new Date('2026-03-01T02:00:00Z'));

let server: HttpCaptureServer;
beforeAll(async () => void (server = await startHttpCapture({ status: 204 })));
afterAll(() => server.close());
beforeEach(() => server.reset());

/** What a receiver does, written from README.md alone (no Lifeboat code). */
function receiverAccepts(header: string, rawBody: string, nowUnix: number): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const t = Number(parts.t);
  if (Math.abs(nowUnix - t) > 300) return false;
  const expected = createHmac('sha256', SECRET).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('generic webhook', () => {
  it('posts the event and the rendered message as JSON, with custom headers and a verifiable signature', async () => {
    const config = webhookConfigSchema.parse({ url: `${server.url}/hooks/lifeboat?x=1`, headers: { Authorization: 'Bearer abc', 'X-Team': 'ops' }, secret: SECRET });
    const notifier = await webhookNotifier.create(config, { logger: silentLogger, publicUrl: 'https://b.example.com', clock });
    await notifier.send(event, AbortSignal.timeout(5_000));

    const [request] = server.requests;
    expect(request!.url).toBe('/hooks/lifeboat?x=1');
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json', authorization: 'Bearer abc', 'x-team': 'ops', 'x-lifeboat-event': 'backup.partial',
    });
    expect(request!.headers['x-lifeboat-delivery']).toMatch(/^[0-9a-f]{32}$/);
    const body = request!.json<Record<string, unknown>>();
    expect(body).toEqual({
      version: 1,
      id: request!.headers['x-lifeboat-delivery'],
      event,
      message: renderMessage(event, { publicUrl: 'https://b.example.com' }),
    });

    const signature = request!.headers['x-lifeboat-signature'] as string;
    expect(signature).toMatch(new RegExp(`^t=${UNIX},v1=[0-9a-f]{64}$`));
    expect(receiverAccepts(signature, request!.body, UNIX + 2)).toBe(true);
    expect(verifySignature(SECRET, request!.body, signature, { now: UNIX + 2 })).toBe(true);
    expect(receiverAccepts(signature, request!.body.replace('billing', 'b1lling'), UNIX + 2)).toBe(false);
    expect(receiverAccepts(signature, request!.body, UNIX + 600)).toBe(false);
  });

  it('keeps the delivery id across retries of one event and sends no signature without a secret', async () => {
    const notifier = await webhookNotifier.create(webhookConfigSchema.parse({ url: server.url }), { logger: silentLogger });
    await notifier.send(event, AbortSignal.timeout(5_000));
    await notifier.send(event, AbortSignal.timeout(5_000));
    const [first, second] = server.requests;
    expect(first!.headers['x-lifeboat-delivery']).toBe(second!.headers['x-lifeboat-delivery']);
    expect(first!.headers['x-lifeboat-signature']).toBeUndefined();
  });

  it('refuses headers Lifeboat sets itself and header injection', () => {
    expect(webhookConfigSchema.safeParse({ url: server.url, headers: { 'X-Lifeboat-Signature': 'forged' } }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: server.url, headers: { 'content-type': 'text/plain' } }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: server.url, headers: { 'X-A': 'a\r\nX-B: b' } }).success).toBe(false);
    expect(webhookConfigSchema.safeParse({ url: 'ftp://example.com' }).success).toBe(false);
  });

  it('redacts header values, the secret and URL credentials', () => {
    const config = webhookConfigSchema.parse({ url: 'https://u:pw@hooks.example.com/in?token=abc', headers: { Authorization: 'Bearer abc' }, secret: SECRET });
    const shown = JSON.stringify(webhookNotifier.redact(config));
    expect(shown).not.toMatch(/abc|pw|whsec/);
    expect(shown).toContain('Authorization');
    expect(shown).toContain('hooks.example.com/in');
  });
});
