import type { z } from 'zod';

/**
 * What every adapter family's descriptor has in common: a plain object, listed explicitly in its
 * family's registry. The UI builds forms from `configSchema`; `secretFields` are stored sealed with
 * the system key and never returned by the API; `redact` is applied before anything is logged or shown.
 * A descriptor is cheap to load: `create` imports the implementation module (and the SDK or driver behind
 * it) only when an instance is needed, so a backup to a local folder never loads the S3 SDK or ssh2.
 */
export interface PluginDescriptor<Config, Instance, Deps> {
  kind: string;
  label: string;
  configSchema: z.ZodType<Config>;
  /** Top-level config fields that hold secrets. */
  secretFields: readonly string[];
  create(config: Config, deps: Deps): Promise<Instance>;
  redact(config: Config): Record<string, unknown>;
}

export const REDACTED_MARKER = '[redacted]';

/** The usual `redact`: every secret field that has a value becomes the marker. */
export function redactFields(config: object, secretFields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const field of secretFields) if (out[field] != null && out[field] !== '') out[field] = REDACTED_MARKER;
  return out;
}

/** Builds a registry from an explicit list; a duplicate kind fails at boot. */
export function buildRegistry<T extends { kind: string }>(family: string, plugins: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const plugin of plugins) {
    if (map.has(plugin.kind)) throw new Error(`Duplicate ${family} adapter kind: ${plugin.kind}`);
    map.set(plugin.kind, plugin);
  }
  return map;
}
