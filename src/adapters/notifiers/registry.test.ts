import { describe, expect, it } from 'vitest';
import { REDACTED_MARKER } from '../plugin.js';
import { NOTIFIER_PLUGINS, notifierRegistry } from './registry.js';

/** A valid config per kind, with a recognisable value in every secret field. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  discord: { webhookUrl: 'https://discord.com/api/webhooks/1/SECRET' },
  slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/SECRET' },
  teams: { webhookUrl: 'https://prod.westeurope.logic.azure.com/workflows/x?sig=SECRET' },
  webhook: { url: 'https://hooks.example.com/in', headers: { Authorization: 'Bearer SECRET' }, secret: 'SECRET-signing-key-123' },
  email: { host: 'smtp.example.com', username: 'u', password: 'SECRET', from: 'a@example.com', to: ['b@example.com'] },
  telegram: { botToken: '1:SECRET', chatId: '42' },
  ntfy: { topic: 'alerts', token: 'tk_SECRET' },
  gotify: { serverUrl: 'https://gotify.example.com', appToken: 'SECRET' },
};

describe('notifier registry', () => {
  it('lists every channel once', () => {
    expect([...notifierRegistry.keys()].sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it.each(NOTIFIER_PLUGINS.map((p) => [p.kind, p] as const))('%s: config parses, secrets are declared and redacted', (kind, plugin) => {
    const config = plugin.configSchema.parse(SAMPLES[kind]) as never;
    const shape = Object.keys(config);
    for (const field of plugin.secretFields) expect(shape).toContain(field);
    const shown = JSON.stringify(plugin.redact(config));
    expect(shown).not.toContain('SECRET');
    expect(shown).toContain(REDACTED_MARKER);
    expect(typeof plugin.label).toBe('string');
  });
});
