import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The registries and the URL parsers are read by every command; an adapter's implementation (and its SDK or
 * driver) loads only when `create` imports it. So nothing they import statically, however indirectly, may be
 * a package other than zod: one eager import would bring the S3 SDK or ssh2 back into `lifeboat backup`.
 */
const ENTRY_POINTS = [
  'src/adapters/sources/registry.ts',
  'src/adapters/sources/url.ts',
  'src/adapters/destinations/registry.ts',
  'src/adapters/destinations/url.ts',
  'src/adapters/destinations/compose.ts',
  'src/adapters/notifiers/registry.ts',
];
const ALLOWED_PACKAGES = new Set(['zod']);

/** Specifiers of static, value-level imports and re-exports (`import type` and `import()` load nothing). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const statements = text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm);
  return [...statements].map((m) => m[1]!);
}

function resolveRelative(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(from), specifier);
  const ts = target.replace(/\.js$/, '.ts');
  return path.relative(process.cwd(), existsSync(ts) ? ts : target);
}

/** Every package reached through static imports from `entry`, with the file that imports it. */
function packagesReachedFrom(entry: string): string[] {
  const seen = new Set<string>();
  const packages: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) visit(resolveRelative(file, specifier));
      else if (!specifier.startsWith('node:') && !ALLOWED_PACKAGES.has(specifier)) packages.push(`${file} -> ${specifier}`);
    }
  };
  visit(entry);
  return packages;
}

describe('adapter registries load no implementation', () => {
  it.each(ENTRY_POINTS)('%s imports no package but zod, directly or indirectly', (entry) => {
    expect(packagesReachedFrom(entry)).toEqual([]);
  });
});
