import type { SecretBox } from '../config/secret-box.js';
import { REDACTED_MARKER } from '../adapters/plugin.js';
import { ValidationError } from '../lib/errors.js';
import type { z } from 'zod';

/** The parts of an adapter descriptor the configuration services need (sources, destinations, notifiers). */
export interface ConfigurablePlugin {
  kind: string;
  label: string;
  configSchema: z.ZodType<unknown>;
  secretFields: readonly string[];
  redact(config: never): Record<string, unknown>;
}

/** Validates a config against the adapter's schema, reporting field paths. */
export function validateConfig(plugin: ConfigurablePlugin, config: unknown): Record<string, unknown> {
  const parsed = plugin.configSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message }));
    throw new ValidationError(`Invalid ${plugin.label} configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data as Record<string, unknown>;
}

/** Splits a config into what is stored in clear and the secret fields, sealed with the system key. */
export function sealConfig(plugin: ConfigurablePlugin, config: Record<string, unknown>, box: SecretBox) {
  const clear: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (plugin.secretFields.includes(key)) secrets[key] = value;
    else clear[key] = value;
  }
  return {
    config: JSON.stringify(clear),
    secrets: Object.keys(secrets).length > 0 ? box.encryptJson(secrets) : null,
  };
}

/** The full config again, for creating an adapter instance. Never returned by the API. */
export function openConfig(row: { config: string; secrets: string | null }, box: SecretBox): Record<string, unknown> {
  const clear = JSON.parse(row.config) as Record<string, unknown>;
  return row.secrets ? { ...clear, ...box.decryptJson<Record<string, unknown>>(row.secrets) } : clear;
}

/**
 * On update, a secret field sent back as the redaction marker (or left out) means "unchanged":
 * the UI never sees secrets, so it cannot send them back.
 */
export function mergeSecrets(plugin: ConfigurablePlugin, incoming: Record<string, unknown>, current: Record<string, unknown>) {
  const merged = { ...incoming };
  for (const field of plugin.secretFields) {
    if (merged[field] === REDACTED_MARKER || (merged[field] === undefined && current[field] !== undefined)) {
      merged[field] = current[field];
    }
  }
  return merged;
}

/** What the API shows of a config: secrets replaced by the marker. */
export function publicConfig(plugin: ConfigurablePlugin, config: Record<string, unknown>): Record<string, unknown> {
  return plugin.redact(config as never);
}
