import { describe, expect, it } from 'vitest';
import { NOTIFICATION_EVENT_TYPES } from '../../../domain/notification-events.js';
import { testEvent } from '../test-event.js';
import { humanBytes, humanDuration, humanList, oneLine } from './format.js';
import { renderMessage, renderText } from './message.js';

describe('message templates', () => {
  it.each(NOTIFICATION_EVENT_TYPES)('renders %s with a title, a summary and fields', (type) => {
    const message = renderMessage(testEvent(type), { publicUrl: 'https://backups.example.com/' });
    expect(message.title.length).toBeGreaterThan(5);
    expect(message.summary.length).toBeGreaterThan(5);
    expect(message.fields.length).toBeGreaterThan(0);
    expect(message.fields.every((f) => f.value.length > 0)).toBe(true);
  });

  it('says everything a failed backup message needs', () => {
    const message = renderMessage(testEvent('backup.failed'), { publicUrl: 'https://backups.example.com/' });
    expect(message).toMatchObject({ severity: 'failure', title: 'Backup failed: nightly-orders (test)', link: 'https://backups.example.com/executions/test-execution' });
    expect(message.error).toMatch(/^pg_dump: error: connection/);
    expect(Object.fromEntries(message.fields.map((f) => [f.label, f.value]))).toEqual({
      Job: 'nightly-orders (test)', Source: 'orders-db', Databases: 'orders, billing', Destinations: 's3-offsite, local-nas',
      Duration: '3 min 12 s', Size: '1.4 GiB',
    });
    expect(renderText(message)).toContain('Open in Lifeboat: https://backups.example.com/executions/test-execution');
  });

  it('has no link without a public URL, and keeps only the first line of an error', () => {
    const event = { ...testEvent('source.unreachable'), error: 'first\n    at stack (file.js:1)' };
    const message = renderMessage(event);
    expect(message.link).toBeUndefined();
    expect(message.error).toBe('first');
  });

  it('formats units for people', () => {
    expect([humanBytes(0), humanBytes(1536), humanBytes(5 * 1024 ** 3), humanBytes(300 * 1024 ** 2)]).toEqual(['0 B', '1.5 KiB', '5.0 GiB', '300 MiB']);
    expect([humanDuration(450), humanDuration(42_000), humanDuration(3_725_000)]).toEqual(['450 ms', '42 s', '1 h 2 min']);
    expect(humanList(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
    expect(oneLine('x'.repeat(400), 10)).toHaveLength(10);
  });
});
