import { REDACTED } from '../../api/client';
import type { Field, FormValue, FormValues } from './schema-fields';

/**
 * Conversions between a config object and form values, and client-side checks that mirror the
 * schema so people see what to fix before the server answers (the server still validates).
 */
export function initialValues(fields: Field[], config: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field.name] = initialValue(field, config[field.name]);
  return values;
}

function initialValue(field: Field, current: unknown): FormValue {
  switch (field.type) {
    case 'string':
      // A stored secret starts empty: leaving it empty keeps it (the marker is sent back), typing replaces it.
      if (field.secret) return '';
      return typeof current === 'string' ? current : (field.defaultValue ?? '');
    case 'enum':
      return typeof current === 'string' ? current : (field.defaultValue ?? '');
    case 'number':
      return typeof current === 'number' ? String(current) : field.defaultValue !== undefined ? String(field.defaultValue) : '';
    case 'boolean':
      return typeof current === 'boolean' ? current : field.defaultValue;
    case 'list':
      return Array.isArray(current) ? current.map(String) : field.defaultValue;
    case 'object':
      return initialValues(field.fields, (current as Record<string, unknown> | undefined) ?? {});
    case 'json': {
      const value = current ?? field.defaultValue;
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    }
  }
}

/** Builds the config to send. `stored` is the config as the server returned it (secrets redacted). */
export function toConfig(fields: Field[], values: FormValues, stored: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const value = toConfigValue(field, values[field.name], stored[field.name]);
    if (value !== undefined) config[field.name] = value;
  }
  return config;
}

function toConfigValue(field: Field, value: FormValue | undefined, stored: unknown): unknown {
  switch (field.type) {
    case 'string':
      if (value === '' || value === undefined) return field.secret && stored === REDACTED ? REDACTED : undefined;
      return value;
    case 'enum':
      return value === '' ? undefined : value;
    case 'number': {
      const text = String(value ?? '').trim();
      return text === '' ? undefined : Number(text);
    }
    case 'boolean':
      return value === true;
    case 'list':
      return Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : [];
    case 'object':
      return toConfig(field.fields, (value as FormValues) ?? {}, (stored as Record<string, unknown>) ?? {});
    case 'json': {
      const text = String(value ?? '').trim();
      return text === '' ? undefined : JSON.parse(text);
    }
  }
}

/** Errors by field path, phrased as what to do. Empty when the values can be sent. */
export function validate(fields: Field[], values: FormValues, stored: Record<string, unknown> = {}): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const message = fieldError(field, values[field.name], stored[field.name], errors);
    if (message) errors[field.path] = message;
  }
  return errors;
}

function fieldError(field: Field, value: FormValue | undefined, stored: unknown, errors: Record<string, string>): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  switch (field.type) {
    case 'string': {
      const keepsSecret = field.secret && stored === REDACTED;
      if (text === '') return field.required && !keepsSecret ? `Enter the ${inSentence(field.label)}` : undefined;
      if (field.minLength !== undefined && text.length < field.minLength) return `Use at least ${field.minLength} characters`;
      if (field.maxLength !== undefined && text.length > field.maxLength) return `Use at most ${field.maxLength} characters`;
      if (field.pattern && !new RegExp(field.pattern, 'u').test(String(value))) return `Does not have the expected form (${field.pattern})`;
      if (field.format === 'uri' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'Enter a full URL, for example https://host:port';
      return undefined;
    }
    case 'enum':
      return field.required && text === '' ? `Choose a ${inSentence(field.label)}` : undefined;
    case 'number': {
      if (text === '') return field.required ? `Enter the ${inSentence(field.label)}` : undefined;
      const n = Number(text);
      if (!Number.isFinite(n)) return 'Enter a number';
      if (field.integer && !Number.isInteger(n)) return 'Enter a whole number';
      if (field.minimum !== undefined && n < field.minimum) return `Enter ${field.minimum} or more`;
      if (field.maximum !== undefined && n > field.maximum) return `Enter ${field.maximum} or less`;
      return undefined;
    }
    case 'object':
      Object.assign(errors, validate(field.fields, (value as FormValues) ?? {}, (stored as Record<string, unknown>) ?? {}));
      return undefined;
    case 'json':
      if (text === '') return field.required ? `Enter the ${inSentence(field.label)} as JSON` : undefined;
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return 'Enter valid JSON';
      }
    default:
      return undefined;
  }
}

/** "Host name" -> "host name" but "URI" stays "URI", for messages like "Enter the host name". */
function inSentence(label: string): string {
  return /^[A-Z0-9]{2,}\b/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
