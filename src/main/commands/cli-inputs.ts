import { readFileSync } from 'node:fs';
import { destinationRegistry } from '../../adapters/destinations/registry.js';
import type { Destination, DestinationPlugin } from '../../adapters/destinations/types.js';
import { destinationFromUrl } from '../../adapters/destinations/url.js';
import { composeDestination } from '../../adapters/destinations/compose.js';
import { sourceRegistry } from '../../adapters/sources/registry.js';
import type { SourcePlugin } from '../../adapters/sources/types.js';
import { sourceFromUrl } from '../../adapters/sources/url.js';
import { ConfigError } from '../../lib/errors.js';
import { silentLogger } from '../../lib/logger.js';

/** Reads a secret from a file given on the command line (never from argv itself). */
export function readSecretFlag(file: string | undefined, flag: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
}

export async function openSourceUrl(url: string, passwordFile?: string) {
  const parsed = sourceFromUrl(url, sourceRegistry.values() as Iterable<SourcePlugin>, { password: readSecretFlag(passwordFile, '--password-file') });
  return { ...parsed, source: await parsed.plugin.create(parsed.config as never, { logger: silentLogger }) };
}

export async function openDestinationUrl(url: string, options: { passwordFile?: string; keyFile?: string } = {}): Promise<{ name: string; destination: Destination }> {
  const { kind, config } = destinationFromUrl(url, { ...options, env: process.env });
  const plugin = destinationRegistry.get(kind) as DestinationPlugin | undefined;
  if (!plugin) throw new ConfigError(`No destination adapter for ${kind}`);
  return { name: url.replace(/\/\/[^@/]*@/, '//'), destination: await composeDestination(plugin, config, { logger: silentLogger }) };
}

/** Commander collector for repeatable flags. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
