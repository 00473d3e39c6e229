/**
 * The one place where SQLite and PostgreSQL differ for our queries: counts and int8 arrive as
 * strings from pg, booleans are stored as 0/1, timestamps as ISO text, JSON as text.
 */
export type DialectName = 'sqlite' | 'postgres';

export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : Number(value);
}

export function toBool(value: number | boolean | string | null | undefined): boolean {
  return value === true || value === 1 || value === '1';
}

export function fromBool(value: boolean): number {
  return value ? 1 : 0;
}

export function toIso(date: Date): string {
  return date.toISOString();
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  return JSON.parse(text) as T;
}
