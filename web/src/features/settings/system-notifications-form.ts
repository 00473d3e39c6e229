import type { paths } from '../../api/schema';

// The settings schema is unnamed in the OpenAPI document, so its type comes from the route.
export type NotificationSettings = paths['/api/v1/settings/notifications']['get']['responses'][200]['content']['application/json'];
type Body = paths['/api/v1/settings/notifications']['put']['requestBody']['content']['application/json'];

/** Binary units, as formatBytes shows stored sizes elsewhere in the UI (1 GB = 1024³ bytes). */
export const UNITS = { GB: 1024 ** 3, TB: 1024 ** 4 } as const;
export type Unit = keyof typeof UNITS;

export interface ThresholdRow {
  /** Stable React key; not sent. */
  key: string;
  destinationId: string;
  amount: string;
  unit: Unit;
}

/** Text as typed, so a half-written number stays in the field until it is checked on save. */
export interface SystemNotificationsForm {
  channels: string[];
  attempts: string;
  timeoutSeconds: string;
  retryDelaySeconds: string;
  thresholds: ThresholdRow[];
}

export interface Problem {
  /** The field it concerns: 'attempts', 'timeoutSeconds', 'retryDelaySeconds', 'channels', or a threshold row's key. */
  field: string;
  message: string;
}

let rows = 0;
export const newRowKey = (): string => `threshold-${(rows += 1)}`;

/** Whole numbers up to three decimals, without trailing zeros: 1.5, 500, 0.125. */
const plain = (value: number): string => String(Math.round(value * 1000) / 1000);

/** Bytes as the form shows them: in TB from 1 TB up, else in GB. */
export function toAmount(bytes: number): { amount: string; unit: Unit } {
  const unit: Unit = bytes >= UNITS.TB ? 'TB' : 'GB';
  return { amount: plain(bytes / UNITS[unit]), unit };
}

export function toBytes(amount: string, unit: Unit): number {
  return Math.round(Number(amount.trim()) * UNITS[unit]);
}

export function toForm(settings: NotificationSettings): SystemNotificationsForm {
  return {
    channels: [...settings.systemNotificationChannels],
    attempts: String(settings.delivery.attempts),
    timeoutSeconds: String(settings.delivery.timeoutSeconds),
    retryDelaySeconds: plain(settings.delivery.retryDelayMs / 1000),
    thresholds: (settings.usageThresholds ?? []).map((t) => ({ key: newRowKey(), destinationId: t.destinationId, ...toAmount(t.thresholdBytes) })),
  };
}

/** The PUT body. The threshold list is always sent: an empty one removes every threshold. */
export function toSettings(form: SystemNotificationsForm): Body {
  return {
    systemNotificationChannels: [...new Set(form.channels)],
    delivery: {
      attempts: Number(form.attempts),
      timeoutSeconds: Number(form.timeoutSeconds),
      retryDelayMs: Math.round(Number(form.retryDelaySeconds) * 1000),
    },
    usageThresholds: form.thresholds.map((t) => ({ destinationId: t.destinationId, thresholdBytes: toBytes(t.amount, t.unit) })),
  };
}

/** Whether the form differs from what was loaded (row keys aside). */
export function isChanged(saved: SystemNotificationsForm, form: SystemNotificationsForm): boolean {
  const comparable = (f: SystemNotificationsForm) => ({ ...f, channels: [...f.channels].sort(), thresholds: f.thresholds.map(({ key: _key, ...row }) => row) });
  return JSON.stringify(comparable(saved)) !== JSON.stringify(comparable(form));
}

function wholeNumber(text: string, min: number, max: number): boolean {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * What blocks saving, in words, with the same limits the server checks. `destinationNames` (id -> name)
 * names the rows; when given, a threshold of a destination not in it is reported as deleted.
 */
export function formProblems(form: SystemNotificationsForm, destinationNames?: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  if (form.channels.length > 20) problems.push({ field: 'channels', message: 'Choose at most 20 channels for system events' });
  if (!wholeNumber(form.attempts, 1, 10)) problems.push({ field: 'attempts', message: 'Delivery attempts must be a whole number from 1 to 10' });
  if (!wholeNumber(form.timeoutSeconds, 1, 300)) problems.push({ field: 'timeoutSeconds', message: 'The timeout per attempt must be a whole number of seconds from 1 to 300' });
  const delayMs = Math.round(Number(form.retryDelaySeconds.trim()) * 1000);
  if (form.retryDelaySeconds.trim() === '' || !Number.isFinite(delayMs) || delayMs < 10 || delayMs > 600_000) {
    problems.push({ field: 'retryDelaySeconds', message: 'The first retry delay must be from 0.01 to 600 seconds' });
  }
  if (form.thresholds.length > 100) problems.push({ field: 'thresholds', message: 'At most 100 usage thresholds' });
  const seen = new Set<string>();
  form.thresholds.forEach((row, index) => {
    const label = destinationNames?.get(row.destinationId) ?? `Threshold ${index + 1}`;
    const add = (message: string) => problems.push({ field: row.key, message: `${label}: ${message}` });
    if (!row.destinationId) add('choose a destination');
    else if (destinationNames && !destinationNames.has(row.destinationId)) add('its destination was deleted; remove the row');
    else if (seen.has(row.destinationId)) add('this destination already has a threshold; keep one per destination');
    seen.add(row.destinationId);
    const amount = Number(row.amount.trim());
    const bytes = toBytes(row.amount, row.unit);
    if (row.amount.trim() === '' || !Number.isFinite(amount) || bytes < 1) add(`enter a size above 0 ${row.unit}`);
    else if (!Number.isSafeInteger(bytes)) add('the size is too large');
  });
  return problems;
}
