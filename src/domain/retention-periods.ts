/**
 * Calendar periods for grandfather-father-son retention, read in the job's time zone: a backup
 * taken at 23:30 UTC belongs to the next day in Berlin, and "the Monday backup" means Monday
 * where the user lives. Keys are plain text so they double as labels in the dry-run preview.
 */

export const PERIOD_KINDS = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Local wall-clock fields of an instant in a zone. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // h23 avoids the "24:00" some engines print for midnight with hour12: false.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return { year: fields.year ?? NaN, month: fields.month ?? NaN, day: fields.day ?? NaN, hour: fields.hour ?? NaN };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const DAY_MS = 86_400_000;

/** ISO 8601 week of a calendar date: weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = Date.UTC(year, month - 1, day);
  const mondayBased = (new Date(date).getUTCDay() + 6) % 7;
  const thursday = date + (3 - mondayBased) * DAY_MS;
  const weekYear = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(weekYear, 0, 1)) / (7 * DAY_MS));
  return { year: weekYear, week };
}

/**
 * The period an instant falls in, as a key such as "2026-03-04 13:00" (hourly), "2026-03-04"
 * (daily), "2026-W10" (weekly, ISO week year), "2026-03" (monthly) or "2026" (yearly).
 * Hourly keys use the local wall-clock hour, so the repeated hour of a DST fall-back is one period.
 */
export function periodKey(kind: PeriodKind, parts: LocalParts): string {
  const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
  switch (kind) {
    case 'hourly':
      return `${date} ${pad(parts.hour)}:00`;
    case 'daily':
      return date;
    case 'weekly': {
      const { year, week } = isoWeek(parts.year, parts.month, parts.day);
      return `${pad(year, 4)}-W${pad(week)}`;
    }
    case 'monthly':
      return `${pad(parts.year, 4)}-${pad(parts.month)}`;
    case 'yearly':
      return pad(parts.year, 4);
  }
}
