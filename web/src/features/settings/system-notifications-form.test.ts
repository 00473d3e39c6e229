import { describe, expect, it } from 'vitest';
import { formProblems, isChanged, toAmount, toBytes, toForm, toSettings, type SystemNotificationsForm } from './system-notifications-form';

const GB = 1024 ** 3;
const saved = {
  systemNotificationChannels: ['ch-ops'],
  delivery: { attempts: 3, timeoutSeconds: 10, retryDelayMs: 2_000 },
  usageThresholds: [{ destinationId: 'dst-local', thresholdBytes: 500 * GB }, { destinationId: 'dst-s3', thresholdBytes: 2 * 1024 * GB }],
};
const names = new Map([['dst-local', 'Local backups'], ['dst-s3', 'Offsite S3']]);
const valid = (): SystemNotificationsForm => toForm(saved);

describe('sizes in GB and TB', () => {
  it('shows bytes in TB from 1 TB up, else in GB, and turns them back into the same bytes', () => {
    expect(toAmount(500 * GB)).toEqual({ amount: '500', unit: 'GB' });
    expect(toAmount(1536 * GB)).toEqual({ amount: '1.5', unit: 'TB' });
    expect(toAmount(GB / 4)).toEqual({ amount: '0.25', unit: 'GB' });
    expect(toBytes('1.5', 'TB')).toBe(1536 * GB);
    expect(toBytes(' 0.25 ', 'GB')).toBe(GB / 4);
  });
});

describe('toForm and toSettings', () => {
  it('round-trip the stored settings, the retry delay shown in seconds', () => {
    const form = valid();
    expect(form).toMatchObject({ channels: ['ch-ops'], attempts: '3', timeoutSeconds: '10', retryDelaySeconds: '2' });
    expect(form.thresholds.map(({ destinationId, amount, unit }) => ({ destinationId, amount, unit }))).toEqual([
      { destinationId: 'dst-local', amount: '500', unit: 'GB' },
      { destinationId: 'dst-s3', amount: '2', unit: 'TB' },
    ]);
    expect(toSettings(form)).toEqual(saved);
  });

  it('sends an empty threshold list when every row was removed, so the server clears them', () => {
    expect(toSettings({ ...valid(), thresholds: [] }).usageThresholds).toEqual([]);
    expect(toForm({ ...saved, usageThresholds: undefined }).thresholds).toEqual([]);
  });

  it('sees a change in values but not in row keys or channel order', () => {
    const form = valid();
    expect(isChanged(form, { ...form, thresholds: form.thresholds.map((t) => ({ ...t, key: `${t.key}-new` })) })).toBe(false);
    expect(isChanged({ ...form, channels: ['a', 'b'] }, { ...form, channels: ['b', 'a'] })).toBe(false);
    expect(isChanged(form, { ...form, attempts: '4' })).toBe(true);
    expect(isChanged(form, { ...form, thresholds: [{ ...form.thresholds[0]!, unit: 'TB' }, form.thresholds[1]!] })).toBe(true);
  });
});

describe('formProblems', () => {
  it('accepts the stored settings', () => {
    expect(formProblems(valid(), names)).toEqual([]);
  });

  it('checks the delivery limits the server checks', () => {
    const problems = formProblems({ ...valid(), attempts: '11', timeoutSeconds: '1.5', retryDelaySeconds: '0.001' }).map((p) => p.field);
    expect(problems).toEqual(['attempts', 'timeoutSeconds', 'retryDelaySeconds']);
    expect(formProblems({ ...valid(), attempts: '', retryDelaySeconds: '601' }).map((p) => p.field)).toEqual(['attempts', 'retryDelaySeconds']);
    expect(formProblems({ ...valid(), attempts: '10', timeoutSeconds: '300', retryDelaySeconds: '0.01' })).toEqual([]);
  });

  it('names the destination that has two thresholds, on the second row', () => {
    const form = valid();
    const twice = { ...form, thresholds: [...form.thresholds, { key: 'extra', destinationId: 'dst-local', amount: '1', unit: 'TB' as const }] };
    expect(formProblems(twice, names)).toEqual([{ field: 'extra', message: 'Local backups: this destination already has a threshold; keep one per destination' }]);
  });

  it('asks for a destination and a size above zero', () => {
    const rows = [
      { key: 'a', destinationId: '', amount: '5', unit: 'GB' as const },
      { key: 'b', destinationId: 'dst-local', amount: '0', unit: 'GB' as const },
      { key: 'c', destinationId: 'dst-s3', amount: 'lots', unit: 'TB' as const },
    ];
    expect(formProblems({ ...valid(), thresholds: rows }, names)).toEqual([
      { field: 'a', message: 'Threshold 1: choose a destination' },
      { field: 'b', message: 'Local backups: enter a size above 0 GB' },
      { field: 'c', message: 'Offsite S3: enter a size above 0 TB' },
    ]);
  });

  it('reports a threshold of a deleted destination only when the destination list is known', () => {
    const form = { ...valid(), thresholds: [{ key: 'gone', destinationId: 'dst-gone', amount: '5', unit: 'GB' as const }] };
    expect(formProblems(form, names)).toEqual([{ field: 'gone', message: 'Threshold 1: its destination was deleted; remove the row' }]);
    expect(formProblems(form)).toEqual([]);
  });
});
