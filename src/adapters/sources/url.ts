import { ValidationError } from '../../lib/errors.js';
import type { SourcePlugin } from './types.js';

export interface SourceFromUrl {
  plugin: SourcePlugin;
  config: Record<string, unknown>;
  /** Databases named in the URL; empty = all (multi-database engines). */
  databases: string[];
}

/**
 * A CLI source URL (`postgres://user@host/db`, `mysql://`, `sqlite:///abs.db`, `redis://host/0`...) to a plugin
 * and its config. The plugin is chosen by URL scheme; a password file replaces the URL's password.
 */
export function sourceFromUrl(
  text: string,
  plugins: Iterable<SourcePlugin>,
  options: { password?: string } = {},
): SourceFromUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`Not a source URL: "${redactPassword(text)}" (e.g. postgres://user@host:5432/db)`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  const all = [...plugins];
  const plugin = all.find((p) => p.schemes?.includes(scheme) && p.fromUrl);
  if (!plugin?.fromUrl) {
    const known = all.flatMap((p) => (p.fromUrl ? (p.schemes ?? []) : []));
    throw new ValidationError(`Unsupported source URL scheme "${scheme}": use one of ${known.join(', ')}`);
  }
  const { config, databases } = plugin.fromUrl(url);
  const merged = { ...(config as Record<string, unknown>) };
  if (options.password !== undefined) {
    if (!plugin.secretFields.includes('password')) throw new ValidationError(`${plugin.label} sources take no password`);
    merged.password = options.password;
  }
  return { plugin, config: merged, databases };
}

function redactPassword(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:[redacted]@');
}
