/** Field names whose values are secrets wherever they appear (configs, logs, API output). */
export const SECRET_FIELD_PATTERN = /pass(word|phrase)?|secret|token|private_?key|api_?key|credential|identity/i;

export const REDACTED = '[redacted]';

/** A deep copy with every secret-looking field replaced, for logs and error details. */
export function redactDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_FIELD_PATTERN.test(key) && inner != null && inner !== '' ? REDACTED : redactDeep(inner);
    }
    return out as T;
  }
  return value;
}

/** Removes the password part of any URL inside a text (tool output, driver errors). */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, `$1${REDACTED}@`);
}
